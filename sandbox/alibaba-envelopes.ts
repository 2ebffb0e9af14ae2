// The two response shapes of the Alibaba stand-in: the RocketMQ service envelope (camelCase,
// `success` flag) and the POP gateway error body (PascalCase), as the real API sends them.
import { randomUUID } from "node:crypto";

export interface ApiReply {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

export function serviceOk(requestId: string, data: unknown): ApiReply {
  // The real API fills `code`/`message` even on success: clients must not read them as errors.
  return {
    status: 200,
    body: {
      requestId,
      success: true,
      code: "Success",
      message: "operation success.",
      httpStatusCode: 200,
      data,
    },
  };
}

export function serviceError(
  requestId: string,
  status: number,
  code: string,
  message: string,
  dynamic?: { code: string; message: string },
): ApiReply {
  return {
    status,
    body: {
      requestId,
      success: false,
      code,
      message,
      httpStatusCode: status,
      ...(dynamic ? { dynamicCode: dynamic.code, dynamicMessage: dynamic.message } : {}),
      data: null,
    },
  };
}

export function gatewayError(
  requestId: string,
  status: number,
  code: string,
  message: string,
  host: string,
): ApiReply {
  return {
    status,
    body: {
      RequestId: requestId,
      HostId: host,
      Code: code,
      Message: message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=RocketMQ&requestId=${requestId}`,
    },
  };
}
