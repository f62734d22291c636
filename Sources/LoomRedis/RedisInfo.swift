/// `INFO` output as sections of key/value pairs.
public struct RedisInfo: Sendable {
    public private(set) var values: [String: String] = [:]

    public init(_ text: String) {
        for line in text.split(whereSeparator: \.isNewline) {
            guard !line.hasPrefix("#"), let colon = line.firstIndex(of: ":") else { continue }
            values[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
    }

    public subscript(key: String) -> String? { values[key] }

    public func int(_ key: String) -> Int64? { values[key].flatMap { Int64($0) } }

    public func double(_ key: String) -> Double? { values[key].flatMap { Double($0) } }
}

