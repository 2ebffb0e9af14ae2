// The part of @alicloud/fc2 2.6.6 (untyped CommonJS) that the fc2 invoker uses.
declare module "@alicloud/fc2" {
  interface FcClientConfig {
    accessKeyID: string;
    accessKeySecret: string;
    securityToken?: string;
    region: string;
    secure?: boolean;
    internal?: boolean;
    endpoint?: string;
    timeout?: number;
    headers?: Record<string, string>;
  }
  interface FcResponse {
    headers: Record<string, string | string[] | undefined>;
    data: unknown;
  }
  class FCClient {
    constructor(accountId: string, config: FcClientConfig);
    invokeFunction(
      serviceName: string,
      functionName: string,
      event: string | Buffer | null,
      headers?: Record<string, string>,
      qualifier?: string,
      opts?: { rawBuf?: boolean },
    ): Promise<FcResponse>;
  }
  export = FCClient;
}
