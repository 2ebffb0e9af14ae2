// The platform-neutral request and response the router speaks. Each adapter (Lambda httpApi, FC HTTP
// trigger, node:http) converts its own event shape to and from these, and nothing else.

export interface NormalizedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Path without the query string, as sent (not percent-decoded). */
  path: string;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Readonly<Record<string, string>>;
  /** The body as text (already base64-decoded by the adapter); null when there is none. */
  body: string | null;
  /** The platform's id for this request (or one we made up), echoed in `x-request-id` and logs. */
  requestId: string;
}

export interface NormalizedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a request looks like before its body has been read (node:http checks this first). */
export type RequestHead = Omit<NormalizedRequest, "body">;

export interface Router {
  /** Answers one request. Never throws: every failure becomes a response. */
  handle(request: NormalizedRequest): Promise<NormalizedResponse>;
  /**
   * Route, method and auth checks on the head alone: the response to send without reading the body,
   * or null when the body should be read. Lets node:http refuse before buffering anything.
   */
  preflight(head: RequestHead): NormalizedResponse | null;
  /** The 413 response for `head` (the adapter found the body too large while streaming it). */
  tooLarge(head: RequestHead): NormalizedResponse;
  /** Largest accepted body, in bytes. */
  readonly maxBodyBytes: number;
}
