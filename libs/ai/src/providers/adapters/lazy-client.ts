/**
 * An SDK client made on first use. The provider SDKs together hold about
 * 26 MiB of memory once loaded, and a process without a provider's key never
 * builds that provider; one with the key loads its SDK at the first call
 * rather than at start (the api's idle memory is a production limit).
 */
export function lazyClient<T>(create: () => Promise<T>): () => Promise<T> {
  let client: Promise<T> | undefined;
  return () => {
    client ??= create().catch((error: unknown) => {
      client = undefined;
      throw error;
    });
    return client;
  };
}
