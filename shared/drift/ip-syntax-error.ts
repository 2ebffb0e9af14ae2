// The one error the address parsers throw: a bad IP literal, CIDR, address list entry or pattern.

/** An address, CIDR or whitelist pattern that does not parse; the message names the bad token. */
export class IpSyntaxError extends Error {
  override name = "IpSyntaxError";
  /** The offending piece of input, verbatim. */
  readonly token: string;
  constructor(message: string, token: string) {
    super(message);
    this.token = token;
  }
}
