import LoomHTTP

/// Memory bounds of one LLM request (docs/llm.md "Limits", docs/benchmarks.md). Exceeding one is an
/// `LLMError` `.malformedResponse` (exit 1, not retried): the output is never silently cut.
public enum LLMLimits {
    /// Reply text plus tool-call names, ids and arguments kept for the cache, the chat history and the
    /// `-o json` document: 8 MiB (about 2M tokens; real replies are at most a few hundred KiB).
    public static let maxReplyBytes = 8 << 20
    /// A non-streamed 2xx body: 16 MiB.
    public static let maxResponseBodyBytes = 16 << 20
    /// An error (non-2xx) body: the first 64 KiB are kept for the message, the rest is discarded
    /// (only the first 300 characters are ever shown).
    public static let maxErrorBodyBytes = 64 << 10
    /// Body bytes the transport may queue ahead of the consumer (LoomHTTP's backpressure bound).
    public static let maxQueuedBodyBytes = HTTPLimits.maxQueuedBodyBytes
}
