/// A RESP2 reply, copied out of hiredis so it outlives the C buffer.
public enum RedisReply: Sendable, Equatable {
    case status(String)
    case error(String)
    case integer(Int64)
    case bulk([UInt8])
    case null
    case array([RedisReply])

    /// Bulk or status text, decoded as UTF-8 (invalid bytes become U+FFFD).
    public var string: String? {
        switch self {
        case .bulk(let b): return String(decoding: b, as: UTF8.self)
        case .status(let s): return s
        default: return nil
        }
    }

    public var bytes: [UInt8]? {
        switch self {
        case .bulk(let b): return b
        case .status(let s): return Array(s.utf8)
        default: return nil
        }
    }

    public var int: Int64? {
        switch self {
        case .integer(let i): return i
        case .bulk, .status: return string.flatMap { Int64($0) }
        default: return nil
        }
    }

    public var array: [RedisReply]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public var errorText: String? {
        if case .error(let e) = self { return e }
        return nil
    }

    /// HGETALL / CONFIG GET style flat arrays as ordered pairs.
    public var pairs: [(String, String)]? {
        guard let items = array else { return nil }
        var out: [(String, String)] = []
        out.reserveCapacity(items.count / 2)
        var i = 0
        while i + 1 < items.count {
            out.append((items[i].string ?? "", items[i + 1].string ?? ""))
            i += 2
        }
        return out
    }

    /// Turns an in-place error reply into a thrown `RedisError`.
    public func orThrow() throws(RedisError) -> RedisReply {
        if case .error(let e) = self { throw RedisError.fromServer(e) }
        return self
    }
}
