/// Key names exactly as Loom builds them (loom-wire-contract.md §0–2), plus loomctl's own keys
/// (docs/keyspace.md).
///
/// `keyPrefix` is the transparent ioredis `keyPrefix`: it is prepended to every state key but
/// not to pub/sub channels (ioredis does not prefix channels), and it must be added to SCAN
/// patterns by hand, which Loom's own helpers forget (§10 item 20).
public struct Keyspace: Sendable, Equatable {
    public var keyPrefix: String
    public var actorPrefix: String
    public var bullPrefix: String
    public var nodePrefix: String

    public init(keyPrefix: String = "", actorPrefix: String = "loom:actor", bullPrefix: String = "bull",
        nodePrefix: String = "loom:node")
    {
        self.keyPrefix = keyPrefix
        self.actorPrefix = actorPrefix
        self.bullPrefix = bullPrefix
        self.nodePrefix = nodePrefix
    }

    /// `loom:actor` with the transparent prefix: the base of every registry key.
    public var actorBase: String { keyPrefix + actorPrefix }

    public func actorHash(_ id: String) -> String { "\(actorBase):\(id)" }
    public func typeSet(_ type: String) -> String { "\(actorBase):type:\(type)" }
    public var allSet: String { "\(actorBase):all" }
    public func heartbeat(_ id: String) -> String { "\(actorBase):heartbeat:\(id)" }

    // Byte forms: ids are bytes (docs/keyspace.md), so keys built for the registry's read and
    // repair paths are built from bytes, never from a lossy String.

    /// `P:` as bytes; `P:{id}` is this followed by the id's bytes.
    public var actorKeyPrefix: [UInt8] { Array((actorBase + ":").utf8) }
    /// `P:heartbeat:` as bytes.
    public var heartbeatKeyPrefix: [UInt8] { Array((actorBase + ":heartbeat:").utf8) }
    /// `P:type:` as bytes.
    public var typeSetKeyPrefix: [UInt8] { Array((actorBase + ":type:").utf8) }
    public func actorHash(bytes id: [UInt8]) -> [UInt8] { actorKeyPrefix + id }
    public func heartbeat(bytes id: [UInt8]) -> [UInt8] { heartbeatKeyPrefix + id }
    public func typeSet(bytes type: [UInt8]) -> [UInt8] { typeSetKeyPrefix + type }

    /// Lifecycle events channel: fixed, never prefixed (contract §2.1).
    public static let actorEventsChannel = "loom:actor:events"

    /// `P:type:`: the prefix of every type set.
    public var typeSetPrefix: String { actorBase + ":type:" }
    /// SCAN pattern for every type set, glob-escaped.
    public var typeSetScanPattern: String { Self.globEscape(typeSetPrefix) + "*" }
    /// SCAN pattern for the type sets of types starting with `typePrefix`.
    public func typeSetScanPattern(typePrefix: String) -> String { Self.globEscape(typeSetPrefix + typePrefix) + "*" }

    /// SCAN pattern for every key under the registry prefix, glob-escaped.
    public var actorScanPattern: String { Self.globEscape(actorBase + ":") + "*" }

    /// loomctl's own round-robin cursor for `actors route` (Loom keeps none).
    public func routeCursor(_ type: String) -> String { "\(keyPrefix)loomctl:route:rr:\(type)" }

    /// SCAN pattern for the keys of Loom's actor queues (`bull:actor-*`).
    public var bullActorQueueScanPattern: String { Self.globEscape(bullPrefix + ":actor-") + "*" }

    /// BullMQ keys use their own prefix and never the transparent one (BullMQ rejects ioredis keyPrefix).
    public func bullKey(queue: String, _ suffix: String) -> String { "\(bullPrefix):\(queue):\(suffix)" }

    /// Loom's shared circuit breaker for a type: `circuit:{type}:{suffix}` (contract §8), prefixed.
    public func circuitKey(_ type: String, _ suffix: String) -> String { "\(circuitBase)\(type):\(suffix)" }
    /// `circuit:` with the transparent prefix: the base of every breaker key.
    public var circuitBase: String { "\(keyPrefix)circuit:" }

    /// Escapes `*?[]\` so a prefix is matched literally by SCAN MATCH.
    public static func globEscape(_ s: String) -> String {
        var out = ""
        for c in s {
            if "*?[]\\".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
