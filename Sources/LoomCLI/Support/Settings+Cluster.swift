import LoomCore
import LoomRedis
import LoomKeyspace

/// Resolved settings as the Redis endpoint and keyspace every command (and the shell's completion) uses.
extension Settings {
    /// The URL's endpoint with the password from --password-file / LOOMCTL_REDIS_PASSWORD / the context, if any.
    func redisEndpoint() throws(RedisError) -> RedisEndpoint {
        var e = try RedisEndpoint.parse(redisURL)
        if let pw = redisPassword { e.password = pw }
        return e
    }

    var keyspace: Keyspace {
        Keyspace(keyPrefix: keyPrefix, actorPrefix: actorPrefix, bullPrefix: bullPrefix, nodePrefix: nodePrefix)
    }
}
