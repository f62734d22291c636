import Foundation

/// Canned provider responses in each provider's documented wire format, byte for byte, for
/// `LoopbackHTTPServer`. SSE bodies use the framing each provider uses in production (`data: …\n\n`
/// for OpenAI/Azure, `event:` + `data:` for Anthropic, CRLF-terminated `data:` lines for Gemini's
/// alt=sse), so tests exercise the same parsing paths as real traffic.
public enum LLMProviderServers {
    public typealias Response = LoopbackHTTPServer.Response

    /// Serialises SSE data-only events (`data: X\n\n`).
    public static func sse(_ datas: [String], lineEnding: String = "\n") -> [UInt8] {
        Array(datas.map { "data: \($0)\(lineEnding)\(lineEnding)" }.joined().utf8)
    }

    /// A streaming response whose body is split at `sizes` byte boundaries (cycled), `delay` apart.
    public static func streamed(_ body: [UInt8], sizes: [Int] = [], delay: Double = 0, then last: LoopbackHTTPServer.Step? = nil)
        -> Response
    {
        .stream(sizes.isEmpty ? [body] : Response.split(body, sizes: sizes), delay: delay, then: last)
    }

    // MARK: OpenAI / Azure

    static let oaHead = #"{"id":"chatcmpl-AB12","object":"chat.completion.chunk","created":1736000000,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0aa8d3e20b","#

    public static func openAITextChunks(_ pieces: [String], prompt: Int = 12, completion: Int = 5, cached: Int = 0) -> [String] {
        var out = [oaHead + #""choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]}"#]
        for p in pieces {
            out.append(oaHead + #""choices":[{"index":0,"delta":{"content":\#(jsonString(p))},"logprobs":null,"finish_reason":null}]}"#)
        }
        out.append(oaHead + #""choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}"#)
        out.append(oaHead + #""choices":[],"usage":{"prompt_tokens":\#(prompt),"completion_tokens":\#(completion),"total_tokens":\#(prompt + completion),"prompt_tokens_details":{"cached_tokens":\#(cached),"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}"#)
        out.append("[DONE]")
        return out
    }

    /// Two tool calls, arguments spread over several chunks (as OpenAI sends them).
    public static func openAIToolChunks() -> [String] {
        [
            oaHead + #""choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_abc123","type":"function","function":{"name":"get_weather","arguments":""}}],"refusal":null},"logprobs":null,"finish_reason":null}]}"#,
            oaHead + #""choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"ci"}}]},"logprobs":null,"finish_reason":null}]}"#,
            oaHead + #""choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\": \"Par"}}]},"logprobs":null,"finish_reason":null}]}"#,
            oaHead + #""choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"is\"}"}}]},"logprobs":null,"finish_reason":null}]}"#,
            oaHead + #""choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_def456","type":"function","function":{"name":"get_time","arguments":""}}]},"logprobs":null,"finish_reason":null}]}"#,
            oaHead + #""choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"tz\":\"CET\"}"}}]},"logprobs":null,"finish_reason":null}]}"#,
            oaHead + #""choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}"#,
            oaHead + #""choices":[],"usage":{"prompt_tokens":80,"completion_tokens":30,"total_tokens":110,"prompt_tokens_details":{"cached_tokens":0}}}"#,
            "[DONE]",
        ]
    }

    public static func openAIJSON(text: String, prompt: Int = 12, completion: Int = 5) -> String {
        #"{"id":"chatcmpl-AB12","object":"chat.completion","created":1736000000,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":\#(jsonString(text)),"refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":\#(prompt),"completion_tokens":\#(completion),"total_tokens":\#(prompt + completion),"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0}},"service_tier":"default","system_fingerprint":"fp_0aa8d3e20b"}"#
    }

    public static func openAIToolJSON() -> String {
        #"{"id":"chatcmpl-AB13","object":"chat.completion","created":1736000000,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_abc123","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":50,"completion_tokens":10,"total_tokens":60}}"#
    }

    /// Azure: first chunk with empty `choices` and `prompt_filter_results`, then content chunks carrying
    /// `content_filter_results`.
    public static func azureTextChunks(_ pieces: [String], finish: String = "stop") -> [String] {
        let filters = #"{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}"#
        var out = [#"{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":\#(filters)}]}"#]
        let head = #"{"id":"chatcmpl-AZ1","object":"chat.completion.chunk","created":1736000000,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_5","#
        out.append(head + #""choices":[{"content_filter_results":{},"delta":{"content":"","refusal":null,"role":"assistant"},"finish_reason":null,"index":0,"logprobs":null}]}"#)
        for p in pieces {
            out.append(head + #""choices":[{"content_filter_results":\#(filters),"delta":{"content":\#(jsonString(p))},"finish_reason":null,"index":0,"logprobs":null}]}"#)
        }
        out.append(head + #""choices":[{"content_filter_results":{},"delta":{},"finish_reason":"\#(finish)","index":0,"logprobs":null}]}"#)
        out.append(head + #""choices":[],"usage":{"completion_tokens":7,"prompt_tokens":20,"total_tokens":27,"prompt_tokens_details":{"cached_tokens":0}}}"#)
        out.append("[DONE]")
        return out
    }

    // MARK: Anthropic

    static func anthropicEvent(_ name: String, _ data: String) -> String { "event: \(name)\ndata: \(data)\n\n" }

    public static func anthropicTextStream(_ pieces: [String], input: Int = 25, output: Int = 15, cacheRead: Int = 0) -> [UInt8] {
        var s = anthropicEvent(
            "message_start",
            #"{"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-20250514","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":\#(input),"cache_creation_input_tokens":0,"cache_read_input_tokens":\#(cacheRead),"output_tokens":1}}}"#)
        s += anthropicEvent("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
        s += anthropicEvent("ping", #"{"type": "ping"}"#)
        for p in pieces {
            s += anthropicEvent("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":\#(jsonString(p))}}"#)
        }
        s += anthropicEvent("content_block_stop", #"{"type":"content_block_stop","index":0}"#)
        s += anthropicEvent("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":\#(output)}}"#)
        s += anthropicEvent("message_stop", #"{"type":"message_stop"}"#)
        return Array(s.utf8)
    }

    /// Text block then a tool_use block whose input arrives as `input_json_delta` fragments.
    public static func anthropicToolStream() -> [UInt8] {
        var s = anthropicEvent(
            "message_start",
            #"{"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}"#)
        s += anthropicEvent("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
        s += anthropicEvent("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking the weather."}}"#)
        s += anthropicEvent("content_block_stop", #"{"type":"content_block_stop","index":0}"#)
        s += anthropicEvent("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}"#)
        s += anthropicEvent("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}"#)
        s += anthropicEvent("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Pa"}}"#)
        s += anthropicEvent("ping", #"{"type": "ping"}"#)
        s += anthropicEvent("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"ris\"}"}}"#)
        s += anthropicEvent("content_block_stop", #"{"type":"content_block_stop","index":1}"#)
        s += anthropicEvent("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}"#)
        s += anthropicEvent("message_stop", #"{"type":"message_stop"}"#)
        return Array(s.utf8)
    }

    /// A stream that fails with an `error` event before any content (e.g. `overloaded_error`).
    public static func anthropicErrorStream(type: String = "overloaded_error", message: String = "Overloaded") -> [UInt8] {
        var s = anthropicEvent(
            "message_start",
            #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-20250514","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}"#)
        s += anthropicEvent("ping", #"{"type": "ping"}"#)
        s += anthropicEvent("error", #"{"type": "error", "error": {"type": "\#(type)", "message": "\#(message)"}}"#)
        return Array(s.utf8)
    }

    public static func anthropicJSON(text: String) -> String {
        #"{"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"text","text":\#(jsonString(text))}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":2095,"output_tokens":503,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}"#
    }

    public static func anthropicToolJSON() -> String {
        #"{"id":"msg_01Aq9w938a90dw8q","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"text","text":"I'll check."},{"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather","input":{"city":"Paris"}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":100,"output_tokens":40}}"#
    }

    // MARK: Gemini (alt=sse, CRLF line endings)

    public static func geminiTextStream(_ pieces: [String], prompt: Int = 9, output: Int = 12) -> [UInt8] {
        var events: [String] = []
        for (i, p) in pieces.enumerated() {
            let last = i == pieces.count - 1
            let finish = last ? #","finishReason":"STOP""# : ""
            let used = last ? output : i + 1
            events.append(
                #"{"candidates": [{"content": {"parts": [{"text": \#(jsonString(p))}],"role": "model"}\#(finish),"index": 0}],"usageMetadata": {"promptTokenCount": \#(prompt),"candidatesTokenCount": \#(used),"totalTokenCount": \#(prompt + used),"promptTokensDetails": [{"modality": "TEXT","tokenCount": \#(prompt)}]},"modelVersion": "gemini-2.5-flash","responseId": "abc123"}"#)
        }
        return sse(events, lineEnding: "\r\n")
    }

    /// Gemini sends whole functionCall parts; two calls in one chunk.
    public static func geminiToolStream() -> [UInt8] {
        sse(
            [
                #"{"candidates": [{"content": {"parts": [{"functionCall": {"name": "get_weather","args": {"city": "Paris"}}},{"functionCall": {"name": "get_time","args": {"tz": "CET"}}}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 60,"candidatesTokenCount": 10,"totalTokenCount": 70},"modelVersion": "gemini-2.5-flash"}"#,
                #"{"candidates": [{"content": {"parts": [{"text": ""}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 60,"candidatesTokenCount": 20,"totalTokenCount": 80,"cachedContentTokenCount": 16},"modelVersion": "gemini-2.5-flash"}"#,
            ], lineEnding: "\r\n")
    }

    public static func geminiJSON(text: String) -> String {
        #"{"candidates": [{"content": {"parts": [{"text": \#(jsonString(text))}],"role": "model"},"finishReason": "STOP","avgLogprobs": -0.1,"index": 0}],"usageMetadata": {"promptTokenCount": 8,"candidatesTokenCount": 6,"totalTokenCount": 14},"modelVersion": "gemini-2.5-flash"}"#
    }

    // MARK: Failures

    public static func rateLimited(retryAfter: String?, body: String? = nil) -> Response {
        .json(
            body ?? #"{"error":{"message":"Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): Limit 3, Used 3, Requested 1.","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#,
            status: 429, headers: retryAfter.map { [("Retry-After", $0)] } ?? [])
    }

    public static func serverError(_ status: Int = 500) -> Response {
        .json(#"{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}"#, status: status)
    }

    /// 401 that echoes part of the key back, as OpenAI does ("Incorrect API key provided: sk-…").
    public static func unauthorized(echoing key: String) -> Response {
        .json(
            #"{"error":{"message":"Incorrect API key provided: \#(key). You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#,
            status: 401)
    }

    public static func malformedJSON() -> Response { .json(#"{"choices":[{"message":{"content":"hi"#) }

    public static func contextOverflow() -> Response {
        .json(
            #"{"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"#,
            status: 400)
    }

    // MARK: Misbehaving servers (issue 15 items 4, 5 and 13)

    /// A valid OpenAI stream that never ends: one content chunk (`piece`, 16 times per write) repeated
    /// as fast as the client reads. Used to prove the reply cap, backpressure and prompt Ctrl-C.
    public static func endlessOpenAIStream(piece: String = "all work and no play ") -> Response {
        let first = sse([oaHead + #""choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#])
        let chunk = sse([oaHead + #""choices":[{"index":0,"delta":{"content":\#(jsonString(piece))},"finish_reason":null}]}"#])
        let block = Array([[UInt8]](repeating: chunk, count: 16).joined())
        return .stream([first], then: .repeatForever(block, every: 0))
    }

    /// `data: ` and then one line that never ends (no newline), as fast as the client reads.
    public static func endlessLine() -> Response {
        .stream([Array("data: {\"choices\":[{\"delta\":{\"content\":\"".utf8)], then: .repeatForever([UInt8](repeating: 0x61, count: 16384), every: 0))
    }

    /// 200, `text/event-stream`, and nothing but keep-alive comments every `every` seconds, forever.
    public static func keepAliveForever(every: Double = 0.05) -> Response {
        .stream([Array(": keep-alive\n\n".utf8)], then: .repeatForever(Array(": keep-alive\n\n".utf8), every: every))
    }

    /// A first content chunk, then keep-alive comments forever (the reply stalls after its first token).
    public static func firstTokenThenKeepAlives(every: Double = 0.05) -> Response {
        let first = sse(Array(openAITextChunks(["started "]).prefix(2)))
        return .stream([first], then: .repeatForever(Array(": keep-alive\n\n".utf8), every: every))
    }

    /// An HTML page with status 200 (a captive portal, a proxy login, a wrong base URL).
    public static func htmlPage() -> Response {
        .text(
            "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form action=\"/login\">Proxy login</form></body></html>\n",
            contentType: "text/html; charset=utf-8")
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
