import Crypto
import LoomCore

/// Exact-match cache keys.
///
/// The key is the SHA-256 of a normalised JSON document: provider, model, endpoint (Azure resources
/// and compatible servers differ), messages, tools and sampling parameters, with every object's keys
/// sorted so equivalent tool schemas hash alike. Never the API key (two keys for the same account must
/// share hits, and a key must never be derivable from Redis) and never the stream flag (a streamed
/// reply can serve a non-streamed request and vice versa).
public enum CacheKey {
    public static func normalisedJSON(settings: ProviderSettings, request: ChatRequest) -> String {
        let messages: [JSONValue] = request.messages.map { m in
            .obj([
                ("role", .string(m.role.rawValue)), ("content", .string(m.content)),
                ("toolCalls", m.toolCalls.isEmpty ? nil : .array(m.toolCalls.map { .obj([("id", .string($0.id)), ("name", .string($0.name)), ("arguments", .string($0.arguments))]) })),
                ("toolCallId", m.toolCallId.map { .string($0) }),
                ("toolName", m.toolName.map { .string($0) }),
            ])
        }
        let doc = JSONValue.obj([
            ("v", 1),
            ("provider", .string(settings.provider.rawValue)),
            ("model", .string(settings.model)),
            ("endpoint", settings.baseURL.map { .string(Redact.url($0)) }),
            ("messages", .array(messages)),
            ("tools", .array(request.tools.map { .obj([("name", .string($0.name)), ("description", .string($0.description)), ("parameters", $0.parameters)]) })),
            ("temperature", (request.temperature ?? settings.defaultTemperature).map { .double($0) }),
            ("maxTokens", (request.maxTokens ?? settings.defaultMaxTokens).map { .int(Int64($0)) }),
            ("topP", request.topP.map { .double($0) }),
        ])
        return sortKeys(doc).serialized()
    }

    /// Lower-case hex SHA-256 of the normalised request.
    public static func make(settings: ProviderSettings, request: ChatRequest) -> String {
        let digest = SHA256.hash(data: Array(normalisedJSON(settings: settings, request: request).utf8))
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in digest {
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func sortKeys(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let m): return .object(m.map { ($0.0, sortKeys($0.1)) }.sorted { $0.0 < $1.0 })
        case .array(let a): return .array(a.map(sortKeys))
        default: return v
        }
    }
}
