import LoomCore

/// Runs a conversation with tools: ask, execute the requested tools through a caller-supplied handler,
/// append the results in the provider's native form (the wire formats do that from `.tool` messages),
/// ask again, for at most `maxRounds` model calls (Loom's AI actors use 5).
///
/// Handler errors do not abort the loop: they go back to the model as `{"error": "..."}` so it can
/// correct itself (wrong arguments, unknown actor).
public enum ToolLoop {
    public struct Result: Sendable {
        /// The final reply (no more tool calls).
        public var response: ChatResponse
        /// The whole conversation including assistant tool calls and tool results, to continue from.
        public var messages: [ChatMessage]
        /// Summed usage of every round.
        public var usage: TokenUsage
        public var rounds: Int
    }

    public static func run(
        client: LLMClient, request: ChatRequest, maxRounds: Int = 5,
        onEvent: (LLMEvent) -> Void = { _ in },
        handler: (ToolCall) async throws -> String
    ) async throws(LLMError) -> Result {
        var req = request
        var total = TokenUsage()
        for round in 1...max(1, maxRounds) {
            let response = try await client.complete(req, onEvent: onEvent)
            total.input += response.usage.input
            total.output += response.usage.output
            total.cachedInput += response.usage.cachedInput
            req.messages.append(response.assistantMessage)
            if response.toolCalls.isEmpty {
                return Result(response: response, messages: req.messages, usage: total, rounds: round)
            }
            for call in response.toolCalls {
                if Task.isCancelled { throw .cancelled }
                let output: String
                do {
                    output = try await handler(call)
                } catch let e as LLMError where e.reason == .cancelled {
                    throw e
                } catch {
                    let message = (error as? any LoomError)?.message ?? "\(error)"
                    output = JSONValue.obj([("error", .string(message))]).serialized()
                }
                req.messages.append(.toolResult(callId: call.id, name: call.name, content: output))
            }
        }
        throw LLMError(
            .toolLoop, "the model was still calling tools after \(maxRounds) rounds",
            hint: "allow more tool rounds or narrow the question")
    }
}
