import ArgumentParser
import Foundation
import LoomCore
import LoomOutput
import LoomHealth

extension Health {
    /// `health cosmos`: the Cosmos DB account read (getDatabaseAccount) with Loom's 500 ms rule.
    struct CosmosCheck: LoomCommand {
        static let configuration = CommandConfiguration(
            commandName: "cosmos", abstract: "Cosmos DB account read (getDatabaseAccount): latency, auth, throttling.",
            discussion: """
                Needs a `cosmos:` block in the current context: `endpoint` plus `key-file` (the base64 master key, \
                signed with HMAC-SHA256 as Cosmos documents; the key never appears in any output) or `token-env` (the \
                name of an environment variable holding a Microsoft Entra token). Loom's rule: a 200 under 500 ms is \
                healthy, slower is degraded; 401 (bad key), 403, 429 (with its retry-after), other statuses and an \
                unreachable endpoint are unhealthy (exit 4). Without a `cosmos:` block this is a usage error (exit 2); \
                plain `health` then skips Cosmos.
                """)
        @OptionGroup(title: "Global Options") var global: GlobalOptions
        @OptionGroup var options: HealthOptions

        func run(in context: CommandContext) async throws {
            try await Health.execute([.cosmos], options: options, context: context, summary: false)
        }

        /// The configured probe; nil when nothing is configured and the check is optional.
        static func probe(_ context: CommandContext, required: Bool, timeoutMs: Int) throws -> CosmosHealth? {
            guard let c = context.settings.cosmos else {
                if required {
                    throw CLIError.invalid("the current context has no cosmos: block",
                        hint: "add cosmos: {endpoint: https://ACCOUNT.documents.azure.com:443/, key-file: PATH} to the context (docs/health.md)")
                }
                return nil
            }
            guard c.endpoint.hasPrefix("https://") || c.endpoint.hasPrefix("http://") else {
                throw CLIError.invalid("cosmos.endpoint must be an http(s) URL, got '\(Redact.url(c.endpoint))'")
            }
            let credential: CosmosHealth.Credential
            if let file = c.keyFile {
                let text = try Settings.readSecretFile(file)
                guard let key = CosmosAuth.decodeKey(text) else {
                    throw CLIError.invalid("cosmos key file \(file) does not hold a base64 master key")
                }
                credential = .masterKey(key)
            } else if let name = c.tokenEnv {
                guard let token = context.environment[name], !token.isEmpty else {
                    throw CLIError.invalid("cosmos.token-env names $\(name), which is not set")
                }
                credential = .entraToken(token)
            } else {
                throw CLIError.invalid("cosmos: needs key-file or token-env")
            }
            return CosmosHealth(endpoint: c.endpoint, credential: credential, timeoutMillis: timeoutMs)
        }
    }
}
