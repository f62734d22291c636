# fish completion for loomctl
# Generated from loomctl's command tree by `loomctl __generate completions` (make completions); do not edit.

function __loomctl_subs --argument-names cmdpath
    switch $cmdpath
        case 'loomctl'
            printf '%s\t%s\n' 'actors' 'Inspect and manage Loom\'s actor registry' 'config' 'View and edit contexts in the config file' 'dev' 'Developer tools: seed a realistic Loom dataset' 'shell' 'Interactive shell on the current context (also runs scripts from stdin)' 'completion' 'Print the shell completion script for bash, zsh or fish' 'help' 'Show subcommand help information'
        case 'loomctl actors'
            printf '%s\t%s\n' 'list' 'List registered actors' 'get' 'Show actors by id (exit 3 if any is missing)' 'stats' 'Count actors by type, status and worker; list anomalies' 'register' 'Register an actor as Loom\'s registry does' 'unregister' 'Remove actors from the registry (asks first)' 'heartbeat' 'Refresh actors\' heartbeats' 'status' 'Set an actor\'s status (active, idle, busy)' 'cleanup' 'Remove dead actors and repair the registry\'s indexes' 'route' 'Show which actor Loom\'s router would pick for a type' 'watch' 'Stream actor lifecycle events (Ctrl-C stops)'
        case 'loomctl config'
            printf '%s\t%s\n' 'view' 'Show the config file and the effective settings (secrets redacted)' 'get-contexts' 'List contexts' 'current-context' 'Print the current context\'s name' 'use-context' 'Make a context the current one' 'set-context' 'Create or update a context' 'delete-context' 'Delete a context'
        case 'loomctl dev'
            printf '%s\t%s\n' 'seed' 'Write a realistic Loom registry (plus a few broken records) to Redis'
    end
end

function __loomctl_opts --argument-names cmdpath
    switch $cmdpath
        case 'loomctl'
            printf '%s\t%s\n' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)'
        case 'loomctl actors'
            printf '%s\t%s\n' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl actors list'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--type' 'Only actors of this type (repeatable)' '--status' 'Only actors with this status (active, idle, busy)' '--worker' 'Only actors on this worker' '--live' 'Only actors whose heartbeat key exists' '--stale' 'Only actors whose heartbeat key has expired' '--sort-by' 'Sort by id, type, worker, status, messages or heartbeat' '--limit' 'Print at most this many actors' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl actors get'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl actors stats'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl actors register'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--dry-run' 'Print the plan and exit 5 if anything would change, 0 if nothing would' '--type' 'Actor type' '--worker' 'Worker id (Loom\'s workerId)' '--status' 'Initial status: active, idle, busy' '--metadata' 'Metadata JSON (ActorMetadata)' '--metadata-file' 'Read metadata JSON from a file (\'-\' for stdin)' '--ttl' 'Heartbeat TTL in seconds' '--no-events' 'Do not publish the actor:registered event' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl actors unregister'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--dry-run' 'Print the plan and exit 5 if anything would change, 0 if nothing would' '--no-events' 'Do not publish actor:unregistered events' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl actors heartbeat'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--dry-run' 'Print the plan and exit 5 if anything would change, 0 if nothing would' '--ttl' 'Heartbeat TTL in seconds' '--allow-missing' 'Heartbeat unknown ids too, as Loom does (creates a partial hash)' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl actors status'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--dry-run' 'Print the plan and exit 5 if anything would change, 0 if nothing would' '--no-events' 'Do not publish the actor:status-changed event' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl actors cleanup'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--dry-run' 'Print the plan and exit 5 if anything would change, 0 if nothing would' '--no-events' 'Do not publish actor:unregistered events' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl actors route'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--type' 'Actor type' '--strategy' 'least-messages (Loom\'s default), round-robin or random' '--apply' 'Apply Loom\'s side effects to the chosen actor' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl actors watch'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--type' 'Only events for this actor type (repeatable)' '--count' 'Stop after this many events' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl config'
            printf '%s\t%s\n' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl config view'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl config get-contexts'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl config current-context'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl config use-context'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl config set-context'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--set-redis' 'Redis URL for this context' '--set-password-file' 'Password file for this context' '--set-actor-prefix' '' '--set-key-prefix' '' '--set-bull-prefix' '' '--set-node-prefix' '' '--set-timeout' '' '--set-llm-provider' '' '--set-llm-model' '' '--use' 'Also make it the current context' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl config delete-context'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl dev'
            printf '%s\t%s\n' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl dev seed'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--dry-run' 'Print the plan and exit 5 if anything would change, 0 if nothing would' '--actors' 'Number of actors' '--types' 'Number of actor types' '--workers' 'Number of workers' '--stale-fraction' 'Fraction of actors without a heartbeat key (0–1)' '--no-broken' 'Skip the deliberately broken records' '--seed' 'Random seed (same seed, same dataset)' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl shell'
            printf '%s\t%s\n' '--redis' 'Redis URL: redis://[user[:password]@]host[:port][/db] or unix:///path.sock[?db=N]' '--password-file' 'Read the Redis password from this file' '--actor-prefix' 'Actor registry prefix (default loom:actor)' '--key-prefix' 'Transparent prefix on every state key (ioredis keyPrefix)' '--bull-prefix' 'BullMQ prefix (default bull)' '--node-prefix' 'Node membership prefix (default loom:node)' '--context' 'Use this context from the config file' '--config' 'Config file (default $XDG_CONFIG_HOME/loomctl/config.yaml)' '--timeout' 'Connect and reply timeout in seconds (default 5)' '--output' 'Output format: table, wide, json, jsonl, yaml, name' '-o' 'Output format: table, wide, json, jsonl, yaml, name' '--no-headers' 'Omit table headers' '--color' 'Colour: auto, always, never (NO_COLOR disables)' '--yes' 'Answer yes to confirmations' '-y' 'Answer yes to confirmations' '--verbose' 'Trace requests on stderr (secrets redacted)' '-v' 'Trace requests on stderr (secrets redacted)' '--keep-going' 'In script mode, run every line and exit with the last failure\'s code' '--script' 'Read commands from stdin as a script even on a terminal' '--no-history' 'Do not read or write the history file' '--no-hints' 'Do not show argument hints after the cursor' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl completion'
            printf '%s\t%s\n' '--version' 'Show the version' '--help' 'Show help information' '-h' 'Show help information'
        case 'loomctl help'
            printf '%s\t%s\n' '--version' 'Show the version'
    end
end

function __loomctl_vopts --argument-names cmdpath
    switch $cmdpath
        case 'loomctl'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color'
        case 'loomctl actors list'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color' '--type' '--status' '--worker' '--sort-by' '--limit'
        case 'loomctl actors get'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color'
        case 'loomctl actors stats'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color'
        case 'loomctl actors register'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color' '--type' '--worker' '--status' '--metadata' '--metadata-file' '--ttl'
        case 'loomctl actors unregister'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color'
        case 'loomctl actors heartbeat'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color' '--ttl'
        case 'loomctl actors status'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color'
        case 'loomctl actors cleanup'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color'
        case 'loomctl actors route'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color' '--type' '--strategy'
        case 'loomctl actors watch'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color' '--type' '--count'
        case 'loomctl config view'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color'
        case 'loomctl config get-contexts'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color'
        case 'loomctl config current-context'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color'
        case 'loomctl config use-context'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color'
        case 'loomctl config set-context'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color' '--set-redis' '--set-password-file' '--set-actor-prefix' '--set-key-prefix' '--set-bull-prefix' '--set-node-prefix' '--set-timeout' '--set-llm-provider' '--set-llm-model'
        case 'loomctl config delete-context'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color'
        case 'loomctl dev seed'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color' '--actors' '--types' '--workers' '--stale-fraction' '--seed'
        case 'loomctl shell'
            printf '%s\n' '--redis' '--password-file' '--actor-prefix' '--key-prefix' '--bull-prefix' '--node-prefix' '--context' '--config' '--timeout' '--output' '-o' '--color'
    end
end

function __loomctl_action --argument-names cmdpath key
    switch "$cmdpath|$key"
        case 'loomctl|--redis' 'loomctl|--actor-prefix' 'loomctl|--key-prefix' 'loomctl|--bull-prefix' 'loomctl|--node-prefix' 'loomctl|--timeout'
            echo 'none'
        case 'loomctl|--password-file' 'loomctl|--config'
            echo 'files'
        case 'loomctl|--context'
            echo 'live'
        case 'loomctl|--output' 'loomctl|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl|--color'
            echo 'words auto always never'
        case 'loomctl actors list|--redis' 'loomctl actors list|--actor-prefix' 'loomctl actors list|--key-prefix' 'loomctl actors list|--bull-prefix' 'loomctl actors list|--node-prefix' 'loomctl actors list|--timeout' 'loomctl actors list|--status' 'loomctl actors list|--limit'
            echo 'none'
        case 'loomctl actors list|--password-file' 'loomctl actors list|--config'
            echo 'files'
        case 'loomctl actors list|--context' 'loomctl actors list|--type' 'loomctl actors list|--worker'
            echo 'live'
        case 'loomctl actors list|--output' 'loomctl actors list|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl actors list|--color'
            echo 'words auto always never'
        case 'loomctl actors list|--sort-by'
            echo 'words id type worker status messages heartbeat'
        case 'loomctl actors get|--redis' 'loomctl actors get|--actor-prefix' 'loomctl actors get|--key-prefix' 'loomctl actors get|--bull-prefix' 'loomctl actors get|--node-prefix' 'loomctl actors get|--timeout'
            echo 'none'
        case 'loomctl actors get|--password-file' 'loomctl actors get|--config'
            echo 'files'
        case 'loomctl actors get|--context' 'loomctl actors get|#0' 'loomctl actors get|#+'
            echo 'live'
        case 'loomctl actors get|--output' 'loomctl actors get|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl actors get|--color'
            echo 'words auto always never'
        case 'loomctl actors stats|--redis' 'loomctl actors stats|--actor-prefix' 'loomctl actors stats|--key-prefix' 'loomctl actors stats|--bull-prefix' 'loomctl actors stats|--node-prefix' 'loomctl actors stats|--timeout'
            echo 'none'
        case 'loomctl actors stats|--password-file' 'loomctl actors stats|--config'
            echo 'files'
        case 'loomctl actors stats|--context'
            echo 'live'
        case 'loomctl actors stats|--output' 'loomctl actors stats|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl actors stats|--color'
            echo 'words auto always never'
        case 'loomctl actors register|--redis' 'loomctl actors register|--actor-prefix' 'loomctl actors register|--key-prefix' 'loomctl actors register|--bull-prefix' 'loomctl actors register|--node-prefix' 'loomctl actors register|--timeout' 'loomctl actors register|--status' 'loomctl actors register|--metadata' 'loomctl actors register|--ttl'
            echo 'none'
        case 'loomctl actors register|--password-file' 'loomctl actors register|--config' 'loomctl actors register|--metadata-file'
            echo 'files'
        case 'loomctl actors register|--context' 'loomctl actors register|--type' 'loomctl actors register|--worker' 'loomctl actors register|#0'
            echo 'live'
        case 'loomctl actors register|--output' 'loomctl actors register|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl actors register|--color'
            echo 'words auto always never'
        case 'loomctl actors unregister|--redis' 'loomctl actors unregister|--actor-prefix' 'loomctl actors unregister|--key-prefix' 'loomctl actors unregister|--bull-prefix' 'loomctl actors unregister|--node-prefix' 'loomctl actors unregister|--timeout'
            echo 'none'
        case 'loomctl actors unregister|--password-file' 'loomctl actors unregister|--config'
            echo 'files'
        case 'loomctl actors unregister|--context' 'loomctl actors unregister|#0' 'loomctl actors unregister|#+'
            echo 'live'
        case 'loomctl actors unregister|--output' 'loomctl actors unregister|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl actors unregister|--color'
            echo 'words auto always never'
        case 'loomctl actors heartbeat|--redis' 'loomctl actors heartbeat|--actor-prefix' 'loomctl actors heartbeat|--key-prefix' 'loomctl actors heartbeat|--bull-prefix' 'loomctl actors heartbeat|--node-prefix' 'loomctl actors heartbeat|--timeout' 'loomctl actors heartbeat|--ttl'
            echo 'none'
        case 'loomctl actors heartbeat|--password-file' 'loomctl actors heartbeat|--config'
            echo 'files'
        case 'loomctl actors heartbeat|--context' 'loomctl actors heartbeat|#0' 'loomctl actors heartbeat|#+'
            echo 'live'
        case 'loomctl actors heartbeat|--output' 'loomctl actors heartbeat|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl actors heartbeat|--color'
            echo 'words auto always never'
        case 'loomctl actors status|--redis' 'loomctl actors status|--actor-prefix' 'loomctl actors status|--key-prefix' 'loomctl actors status|--bull-prefix' 'loomctl actors status|--node-prefix' 'loomctl actors status|--timeout' 'loomctl actors status|#1'
            echo 'none'
        case 'loomctl actors status|--password-file' 'loomctl actors status|--config'
            echo 'files'
        case 'loomctl actors status|--context' 'loomctl actors status|#0'
            echo 'live'
        case 'loomctl actors status|--output' 'loomctl actors status|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl actors status|--color'
            echo 'words auto always never'
        case 'loomctl actors cleanup|--redis' 'loomctl actors cleanup|--actor-prefix' 'loomctl actors cleanup|--key-prefix' 'loomctl actors cleanup|--bull-prefix' 'loomctl actors cleanup|--node-prefix' 'loomctl actors cleanup|--timeout'
            echo 'none'
        case 'loomctl actors cleanup|--password-file' 'loomctl actors cleanup|--config'
            echo 'files'
        case 'loomctl actors cleanup|--context'
            echo 'live'
        case 'loomctl actors cleanup|--output' 'loomctl actors cleanup|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl actors cleanup|--color'
            echo 'words auto always never'
        case 'loomctl actors route|--redis' 'loomctl actors route|--actor-prefix' 'loomctl actors route|--key-prefix' 'loomctl actors route|--bull-prefix' 'loomctl actors route|--node-prefix' 'loomctl actors route|--timeout' 'loomctl actors route|--strategy'
            echo 'none'
        case 'loomctl actors route|--password-file' 'loomctl actors route|--config'
            echo 'files'
        case 'loomctl actors route|--context' 'loomctl actors route|--type'
            echo 'live'
        case 'loomctl actors route|--output' 'loomctl actors route|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl actors route|--color'
            echo 'words auto always never'
        case 'loomctl actors watch|--redis' 'loomctl actors watch|--actor-prefix' 'loomctl actors watch|--key-prefix' 'loomctl actors watch|--bull-prefix' 'loomctl actors watch|--node-prefix' 'loomctl actors watch|--timeout' 'loomctl actors watch|--count'
            echo 'none'
        case 'loomctl actors watch|--password-file' 'loomctl actors watch|--config'
            echo 'files'
        case 'loomctl actors watch|--context' 'loomctl actors watch|--type'
            echo 'live'
        case 'loomctl actors watch|--output' 'loomctl actors watch|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl actors watch|--color'
            echo 'words auto always never'
        case 'loomctl config view|--redis' 'loomctl config view|--actor-prefix' 'loomctl config view|--key-prefix' 'loomctl config view|--bull-prefix' 'loomctl config view|--node-prefix' 'loomctl config view|--timeout'
            echo 'none'
        case 'loomctl config view|--password-file' 'loomctl config view|--config'
            echo 'files'
        case 'loomctl config view|--context'
            echo 'live'
        case 'loomctl config view|--output' 'loomctl config view|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl config view|--color'
            echo 'words auto always never'
        case 'loomctl config get-contexts|--redis' 'loomctl config get-contexts|--actor-prefix' 'loomctl config get-contexts|--key-prefix' 'loomctl config get-contexts|--bull-prefix' 'loomctl config get-contexts|--node-prefix' 'loomctl config get-contexts|--timeout'
            echo 'none'
        case 'loomctl config get-contexts|--password-file' 'loomctl config get-contexts|--config'
            echo 'files'
        case 'loomctl config get-contexts|--context'
            echo 'live'
        case 'loomctl config get-contexts|--output' 'loomctl config get-contexts|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl config get-contexts|--color'
            echo 'words auto always never'
        case 'loomctl config current-context|--redis' 'loomctl config current-context|--actor-prefix' 'loomctl config current-context|--key-prefix' 'loomctl config current-context|--bull-prefix' 'loomctl config current-context|--node-prefix' 'loomctl config current-context|--timeout'
            echo 'none'
        case 'loomctl config current-context|--password-file' 'loomctl config current-context|--config'
            echo 'files'
        case 'loomctl config current-context|--context'
            echo 'live'
        case 'loomctl config current-context|--output' 'loomctl config current-context|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl config current-context|--color'
            echo 'words auto always never'
        case 'loomctl config use-context|--redis' 'loomctl config use-context|--actor-prefix' 'loomctl config use-context|--key-prefix' 'loomctl config use-context|--bull-prefix' 'loomctl config use-context|--node-prefix' 'loomctl config use-context|--timeout'
            echo 'none'
        case 'loomctl config use-context|--password-file' 'loomctl config use-context|--config'
            echo 'files'
        case 'loomctl config use-context|--context' 'loomctl config use-context|#0'
            echo 'live'
        case 'loomctl config use-context|--output' 'loomctl config use-context|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl config use-context|--color'
            echo 'words auto always never'
        case 'loomctl config set-context|--redis' 'loomctl config set-context|--actor-prefix' 'loomctl config set-context|--key-prefix' 'loomctl config set-context|--bull-prefix' 'loomctl config set-context|--node-prefix' 'loomctl config set-context|--timeout' 'loomctl config set-context|--set-redis' 'loomctl config set-context|--set-actor-prefix' 'loomctl config set-context|--set-key-prefix' 'loomctl config set-context|--set-bull-prefix' 'loomctl config set-context|--set-node-prefix' 'loomctl config set-context|--set-timeout' 'loomctl config set-context|--set-llm-provider' 'loomctl config set-context|--set-llm-model'
            echo 'none'
        case 'loomctl config set-context|--password-file' 'loomctl config set-context|--config' 'loomctl config set-context|--set-password-file'
            echo 'files'
        case 'loomctl config set-context|--context' 'loomctl config set-context|#0'
            echo 'live'
        case 'loomctl config set-context|--output' 'loomctl config set-context|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl config set-context|--color'
            echo 'words auto always never'
        case 'loomctl config delete-context|--redis' 'loomctl config delete-context|--actor-prefix' 'loomctl config delete-context|--key-prefix' 'loomctl config delete-context|--bull-prefix' 'loomctl config delete-context|--node-prefix' 'loomctl config delete-context|--timeout'
            echo 'none'
        case 'loomctl config delete-context|--password-file' 'loomctl config delete-context|--config'
            echo 'files'
        case 'loomctl config delete-context|--context' 'loomctl config delete-context|#0'
            echo 'live'
        case 'loomctl config delete-context|--output' 'loomctl config delete-context|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl config delete-context|--color'
            echo 'words auto always never'
        case 'loomctl dev seed|--redis' 'loomctl dev seed|--actor-prefix' 'loomctl dev seed|--key-prefix' 'loomctl dev seed|--bull-prefix' 'loomctl dev seed|--node-prefix' 'loomctl dev seed|--timeout' 'loomctl dev seed|--actors' 'loomctl dev seed|--types' 'loomctl dev seed|--workers' 'loomctl dev seed|--stale-fraction' 'loomctl dev seed|--seed'
            echo 'none'
        case 'loomctl dev seed|--password-file' 'loomctl dev seed|--config'
            echo 'files'
        case 'loomctl dev seed|--context'
            echo 'live'
        case 'loomctl dev seed|--output' 'loomctl dev seed|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl dev seed|--color'
            echo 'words auto always never'
        case 'loomctl shell|--redis' 'loomctl shell|--actor-prefix' 'loomctl shell|--key-prefix' 'loomctl shell|--bull-prefix' 'loomctl shell|--node-prefix' 'loomctl shell|--timeout'
            echo 'none'
        case 'loomctl shell|--password-file' 'loomctl shell|--config'
            echo 'files'
        case 'loomctl shell|--context'
            echo 'live'
        case 'loomctl shell|--output' 'loomctl shell|-o'
            echo 'words table wide json jsonl yaml name'
        case 'loomctl shell|--color'
            echo 'words auto always never'
        case 'loomctl completion|#0'
            echo 'words bash zsh fish'
        case 'loomctl help|#0' 'loomctl help|#+'
            echo 'none'
    end
end

function __loomctl_call
    set -l bin (commandline -opc)[1]
    if command -q timeout
        timeout 2 $bin __complete -- $argv 2>/dev/null
    else
        $bin __complete -- $argv 2>/dev/null
    end
end

function __loomctl_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -e tokens[1]
    set -l cmdpath loomctl
    set -l npos 0
    set -l pending ''
    for w in $tokens
        if test -n "$pending"
            set pending ''
            continue
        end
        if string match -q -- '-?*' $w
            if not string match -q -- '*=*' $w; and contains -- $w (__loomctl_vopts $cmdpath)
                set pending $w
            end
        else if test $npos -eq 0; and contains -- $w (__loomctl_subs $cmdpath | string replace -r '\t.*' '')
            set cmdpath "$cmdpath $w"
        else
            set npos (math $npos + 1)
        end
    end
    set -l action ''
    set -l prefix ''
    set -l value $cur
    if test -n "$pending"
        set action (__loomctl_action $cmdpath $pending)
    else if string match -q -- '--*=*' $cur
        set -l name (string replace -r '=.*' '' -- $cur)
        set action (__loomctl_action $cmdpath $name)
        set prefix "$name="
        set value (string replace -r '^[^=]*=' '' -- $cur)
    else if string match -q -- '-*' $cur
        __loomctl_opts $cmdpath
        return
    else if test $npos -eq 0; and test -n "$(__loomctl_subs $cmdpath)"
        __loomctl_subs $cmdpath
        return
    else
        set action (__loomctl_action $cmdpath "#$npos")
        test -z "$action"; and set action (__loomctl_action $cmdpath '#+')
    end
    switch "$action"
        case 'words *'
            for v in (string split ' ' -- (string replace 'words ' '' -- $action))
                echo "$prefix$v"
            end
        case files
            __fish_complete_path $value | string replace -r '^' -- "$prefix"
        case dirs
            __fish_complete_directories $value | string replace -r '^' -- "$prefix"
        case live
            __loomctl_call $tokens $cur | string match -v -- ':files'
    end
end

complete -c loomctl -f -a '(__loomctl_complete)'
