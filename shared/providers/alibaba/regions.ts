// The Alibaba regions `validate` and `audit` accept for a target without its own `endpoint`.
// A region missing here is still reachable: give the target an `endpoint`.

/**
 * Alibaba Cloud's public regions. The RocketMQ 5.x endpoint table is only partly confirmed
 * (reference §1.1 lists cn-qingdao … ap-northeast-2 and cn-nanjing); the rest follow Alibaba Cloud's
 * region list, where `rocketmq.{region}.aliyuncs.com` follows the same pattern.
 */
export const ALIBABA_REGIONS: readonly string[] = [
  "cn-qingdao",
  "cn-beijing",
  "cn-zhangjiakou",
  "cn-huhehaote",
  "cn-wulanchabu",
  "cn-hangzhou",
  "cn-shanghai",
  "cn-nanjing",
  "cn-fuzhou",
  "cn-shenzhen",
  "cn-heyuan",
  "cn-guangzhou",
  "cn-chengdu",
  "cn-wuhan-lr",
  "cn-hongkong",
  "cn-beijing-finance-1",
  "cn-shanghai-finance-1",
  "cn-shenzhen-finance-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ap-south-1",
  "us-east-1",
  "us-west-1",
  "na-south-1",
  "eu-central-1",
  "eu-west-1",
  "me-east-1",
  "me-central-1",
];
