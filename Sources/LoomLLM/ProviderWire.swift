import LoomCore
import LoomHTTP

/// One provider's wire format: request encoding, response decoding, error classification.
///
/// Pure functions of bytes, so every format is unit-testable without a network, and the client's
/// retry/fallback logic is shared by all providers.
public protocol ProviderWire: Sendable {
    var settings: ProviderSettings { get }
    /// The exact HTTP request for `request` (streamed when `stream`).
    func httpRequest(for request: ChatRequest, stream: Bool) throws(LLMError) -> HTTPRequest
    /// Decodes a complete non-streaming response body.
    func decodeResponse(_ body: [UInt8]) throws(LLMError) -> [LLMEvent]
    /// A fresh decoder for one streamed response.
    func makeStreamDecoder() -> any StreamDecoder
}

/// Turns the SSE events of one streamed response into `LLMEvent`s.
public protocol StreamDecoder: AnyObject {
    func decode(_ event: SSEEvent) throws(LLMError) -> [LLMEvent]
    /// End of body: returns trailing events; throws if the stream ended before the provider's end marker.
    func finish() throws(LLMError) -> [LLMEvent]
}

extension ProviderWire {
    /// Classifies a non-2xx response into an `LLMError` (same logic for all providers: they all put
    /// `error.message` plus `error.code|type|status` in their error bodies).
    public func error(status: Int, headers: HTTPHeaders, body: [UInt8], now: Double) -> LLMError {
        ProviderErrors.classify(settings: settings, status: status, headers: headers, body: body, now: now)
    }
}

enum ProviderErrors {
    static func scrubber(_ settings: ProviderSettings) -> SecretScrubber {
        var s = SecretScrubber()
        s.add(settings.apiKey)
        return s
    }

    /// `error.message`, `error.code`/`type`/`status` from any of the four providers' error bodies.
    static func details(_ body: [UInt8]) -> (message: String?, code: String?) {
        guard let json = try? JSONValue.parse(bytes: body) else {
            let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingSpaces
            return (text.isEmpty ? nil : text, nil)
        }
        let err = json["error"] ?? json
        var message = err["message"]?.stringValue ?? (err.stringValue)
        var codes: [String] = []
        for k in ["code", "type", "status"] {
            if let c = err[k]?.stringValue { codes.append(c) }
        }
        if let inner = err["innererror"]?["code"]?.stringValue { codes.append(inner) }
        if message == nil, let m = json["message"]?.stringValue { message = m }
        return (message, codes.isEmpty ? nil : codes.joined(separator: "/"))
    }

    static func classify(settings: ProviderSettings, status: Int, headers: HTTPHeaders, body: [UInt8], now: Double)
        -> LLMError
    {
        let (rawMessage, code) = details(body)
        let scrub = scrubber(settings)
        let detail = scrub.scrub(rawMessage ?? "no details")
        let target = settings.label
        let lowerMsg = (rawMessage ?? "").lowercased()
        let lowerCode = (code ?? "").lowercased()
        let retryAfter = RetryAfter.seconds(from: headers, now: now)
        let prefix = "\(target): HTTP \(status)"

        func authError() -> LLMError {
            let source = settings.keySource ?? "the \(settings.provider.envPrefix)_API_KEY key"
            let shown = settings.apiKey.map { " (\(Redact.secret($0)))" } ?? ""
            return LLMError(
                .auth, "\(prefix): authentication failed: \(detail)",
                hint: "check \(source)\(shown)", status: status, target: target)
        }
        if lowerMsg.contains("api key not valid") || lowerCode.contains("api_key_invalid") { return authError() }
        if lowerCode.contains("context_length_exceeded") || lowerMsg.contains("prompt is too long")
            || lowerMsg.contains("maximum context length") || lowerMsg.contains("context window")
            || (lowerMsg.contains("input token count") && lowerMsg.contains("exceeds")) || status == 413
        {
            return LLMError(
                .contextOverflow, "\(prefix): context length exceeded: \(detail)",
                hint: "shorten the conversation or use a model with a larger context window", status: status,
                target: target)
        }
        if lowerCode.contains("content_filter") || lowerCode.contains("responsibleaipolicyviolation")
            || lowerCode.contains("content_policy")
        {
            return LLMError(.contentFiltered, "\(prefix): content filtered: \(detail)", status: status, target: target)
        }
        switch status {
        case 401, 403:
            return authError()
        case 404:
            return LLMError(
                .unknownModel, "\(prefix): unknown model or deployment '\(settings.model)': \(detail)",
                hint: "check the model name (`loomctl llm models`)", status: status, target: target)
        case 429:
            if lowerCode.contains("insufficient_quota") {
                return LLMError(
                    .auth, "\(prefix): quota exhausted for this key: \(detail)", hint: "check the account's billing",
                    status: status, target: target)
            }
            let wait = retryAfter.map { ", retry after \(formatSeconds($0))" } ?? ""
            return LLMError(
                .rateLimited, "\(prefix): rate limited\(wait): \(detail)", status: status, retryAfter: retryAfter,
                target: target)
        case 408:
            return LLMError(.timeout, "\(prefix): request timed out: \(detail)", status: status, retryAfter: retryAfter, target: target)
        case 501:
            return LLMError(.badRequest, "\(prefix): not implemented: \(detail)", status: status, target: target)
        case 500...599:
            return LLMError(
                .serverError, "\(prefix): provider error: \(detail)", status: status, retryAfter: retryAfter,
                target: target)
        default:
            return LLMError(.badRequest, "\(prefix): request rejected: \(detail)", status: status, target: target)
        }
    }

    /// Errors delivered inside a 200 stream (`{"error": ...}` chunks, Anthropic `event: error`).
    static func streamError(settings: ProviderSettings, json: JSONValue) -> LLMError {
        let err = json["error"] ?? json
        let type = (err["type"]?.stringValue ?? err["code"]?.stringValue ?? err["status"]?.stringValue ?? "error")
        let msg = scrubber(settings).scrub(err["message"]?.stringValue ?? "unknown error")
        let t = settings.label
        switch type {
        case "overloaded_error", "api_error", "server_error", "internal_error", "INTERNAL", "UNAVAILABLE":
            return LLMError(.serverError, "\(t): provider error mid-stream (\(type)): \(msg)", target: t)
        case "rate_limit_error", "rate_limit_exceeded", "RESOURCE_EXHAUSTED":
            return LLMError(.rateLimited, "\(t): rate limited mid-stream: \(msg)", target: t)
        case "authentication_error", "permission_error":
            return LLMError(.auth, "\(t): authentication failed: \(msg)", target: t)
        default:
            if msg.lowercased().contains("prompt is too long") || type == "context_length_exceeded" {
                return LLMError(.contextOverflow, "\(t): context length exceeded: \(msg)", target: t)
            }
            return LLMError(.badRequest, "\(t): provider error mid-stream (\(type)): \(msg)", target: t)
        }
    }

    static func malformed(_ settings: ProviderSettings, _ what: String, _ sample: String) -> LLMError {
        let s = scrubber(settings).scrub(String(sample.prefix(120)))
        return LLMError(
            .malformedResponse, "\(settings.label): malformed response: \(what): \(s)",
            hint: "the endpoint may not speak the \(settings.provider.rawValue) API", target: settings.label)
    }

    static func parseJSON(_ settings: ProviderSettings, _ bytes: [UInt8]) throws(LLMError) -> JSONValue {
        do {
            return try JSONValue.parse(bytes: bytes)
        } catch {
            throw malformed(settings, error.message, String(decoding: bytes.prefix(120), as: UTF8.self))
        }
    }

    static func parseJSON(_ settings: ProviderSettings, _ text: String) throws(LLMError) -> JSONValue {
        try parseJSON(settings, Array(text.utf8))
    }
}

extension JSONValue {
    /// Builds an object, dropping nil members (unset optional parameters are never sent).
    static func obj(_ members: [(String, JSONValue?)]) -> JSONValue {
        .object(members.compactMap { k, v in v.map { (k, $0) } })
    }

    var int: Int { intValue.map { Int($0) } ?? 0 }
}

/// Joins a base URL and a path without doubling slashes.
func joinURL(_ base: String, _ path: String) -> String {
    var b = base
    while b.hasSuffix("/") { b.removeLast() }
    return b + path
}

/// Percent-encodes a path segment (deployment and model names are user input).
func encodePathSegment(_ s: String) -> String {
    var out = ""
    for b in s.utf8 {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            out.unicodeScalars.append(Unicode.Scalar(b))
        default:
            let hex = Array("0123456789ABCDEF".utf8)
            out += "%" + String(decoding: [hex[Int(b >> 4)], hex[Int(b & 0xF)]], as: UTF8.self)
        }
    }
    return out
}
