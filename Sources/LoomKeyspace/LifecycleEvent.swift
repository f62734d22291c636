import LoomCore
import LoomRedis

/// A message on `loom:actor:events` (contract §2.1).
///
/// `actorType` and `workerId` are optional because Loom publishes events without them
/// (`updateStatus` on an unknown id, §10 item 8c); a parsed event keeps the payload exactly as
/// published in ``published`` so machine output can pass it through with those fields absent.
public struct LifecycleEvent: Sendable, Equatable {
    public var type: String
    public var actorId: String
    public var actorType: String?
    public var workerId: String?
    public var timestamp: String
    public var data: JSONValue?
    /// The payload as received (nil for events built locally).
    public var published: JSONValue?

    public static let registered = "actor:registered"
    public static let unregistered = "actor:unregistered"
    public static let statusChanged = "actor:status-changed"

    public init(type: String, actorId: String, actorType: String?, workerId: String?, timestamp: String, data: JSONValue? = nil) {
        self.type = type
        self.actorId = actorId
        self.actorType = actorType
        self.workerId = workerId
        self.timestamp = timestamp
        self.data = data
    }

    /// Field order as Loom's emitter builds the object; absent fields stay absent. A parsed
    /// event returns the payload as published.
    public func json() -> JSONValue {
        if let published { return published }
        var m: [(String, JSONValue)] = [("type", .string(type)), ("actorId", .string(actorId))]
        if let actorType { m.append(("actorType", .string(actorType))) }
        if let workerId { m.append(("workerId", .string(workerId))) }
        m.append(("timestamp", .string(timestamp)))
        if let data { m.append(("data", data)) }
        return .object(m)
    }

    /// Parses a payload; nil for anything that is not a JSON object with a `type`.
    public static func parse(_ payload: [UInt8]) -> LifecycleEvent? {
        guard let v = try? JSONValue.parse(bytes: payload), v.objectValue != nil, let type = v["type"]?.stringValue else { return nil }
        var e = LifecycleEvent(type: type, actorId: v["actorId"]?.stringValue ?? "", actorType: v["actorType"]?.stringValue,
            workerId: v["workerId"]?.stringValue, timestamp: v["timestamp"]?.stringValue ?? "", data: v["data"])
        e.published = v
        return e
    }

    /// The PUBLISH command for this event.
    public var publishCommand: RedisCommand { .publish(Keyspace.actorEventsChannel, json().serialized()) }
}
