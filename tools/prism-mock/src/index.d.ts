export interface PrismMock {
  /** Base URL of the mock, such as `http://127.0.0.1:43127`. */
  readonly url: string;
  readonly port: number;
  /** Everything Prism printed so far (for failure messages). */
  output(): string;
  /** Stops the mock; resolves once the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

export interface PrismMockOptions {
  /** Path of the OpenAPI document to mock. */
  spec: string;
  /** Answer invalid requests with errors (Prism's `--errors`); default true. */
  errors?: boolean;
  /** Port to listen on; default a free one. */
  port?: number;
  /** How long to wait for Prism to answer, in ms; default 60 000. */
  startTimeoutMs?: number;
}

export function startPrismMock(options: PrismMockOptions): Promise<PrismMock>;
export function freePort(): Promise<number>;
