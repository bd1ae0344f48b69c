export interface ConfigAnswer {
  status: number;
  body: unknown;
}

export interface ConfigServer {
  url: string;
  /** Path and query of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts a server on port 0 that answers `GET /v1/widget/config` with whatever `answer()` returns at the time. */
export function startConfigServer(answer: () => ConfigAnswer): Promise<ConfigServer>;
