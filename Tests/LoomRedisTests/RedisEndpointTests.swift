import LoomRedis
import Testing

@Suite struct RedisEndpointTests {
    @Test func tcpWithUserPasswordAndDatabase() throws {
        let e = try RedisEndpoint.parse("redis://ops:s%40cret@redis.prod:6380/4")
        #expect(e.address == .tcp(host: "redis.prod", port: 6380))
        #expect(e.username == "ops")
        #expect(e.password == "s@cret")
        #expect(e.database == 4)
        #expect(!e.display.contains("s@cret"))
    }

    @Test func defaultsAndBarePassword() throws {
        let e = try RedisEndpoint.parse("redis://")
        #expect(e.address == .tcp(host: "127.0.0.1", port: 6379))
        let p = try RedisEndpoint.parse("redis://:pw@host")
        #expect(p.password == "pw" && p.username == nil)
        let bare = try RedisEndpoint.parse("redis://pw@host:7000")
        #expect(bare.password == "pw" && bare.address == .tcp(host: "host", port: 7000))
        let v6 = try RedisEndpoint.parse("redis://[::1]:6390/2")
        #expect(v6.address == .tcp(host: "::1", port: 6390) && v6.database == 2)
    }

    @Test func unixSocketWithDatabase() throws {
        let e = try RedisEndpoint.parse("unix:///var/run/redis/redis.sock?db=3")
        #expect(e.address == .unix(path: "/var/run/redis/redis.sock"))
        #expect(e.database == 3)
    }

    @Test func tlsIsRecognised() throws {
        let e = try RedisEndpoint.parse("rediss://cache:6380")
        #expect(e.tls)
    }

    @Test(arguments: ["localhost:6379", "http://x", "redis://host:99999", "redis://host/db", "unix://relative.sock", "redis://h:1:2"])
    func invalidURLsAreUsageErrors(_ url: String) {
        #expect(throws: RedisError.self) { try RedisEndpoint.parse(url) }
        do { _ = try RedisEndpoint.parse(url) } catch { #expect(error.kind == .usage) }
    }

    @Test func invalidURLErrorRedactsThePassword() {
        do {
            _ = try RedisEndpoint.parse("redis://u:topsecret@host:notaport")
            Issue.record("expected an error")
        } catch {
            #expect(!error.message.contains("topsecret"))
        }
    }
}
