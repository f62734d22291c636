# bash completion for loomctl
# Generated from loomctl's command tree by `loomctl __generate completions` (make completions); do not edit.

# Sets subs, opts and vopts (options that take a value) for a command path.
__loomctl_spec() {
    case "$1" in
        'loomctl') subs='actors ring health agent config dev llm shell completion help'; opts='--version --help -h --redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl actors') subs='list get stats register unregister heartbeat status cleanup route watch'; opts='--version --help -h'; vopts='' ;;
        'loomctl actors list') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --type --status --worker --live --stale --sort-by --limit --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --type --status --worker --sort-by --limit' ;;
        'loomctl actors get') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl actors stats') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl actors register') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --type --worker --status --metadata --metadata-file --ttl --no-events --retype --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --type --worker --status --metadata --metadata-file --ttl' ;;
        'loomctl actors unregister') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --no-events --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl actors heartbeat') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --ttl --allow-missing --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --ttl' ;;
        'loomctl actors status') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --no-events --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl actors cleanup') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --no-events --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl actors route') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --type --strategy --zone --near --name --apply --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --type --strategy --zone --near --name' ;;
        'loomctl actors watch') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --type --count --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --type --count' ;;
        'loomctl ring') subs='show lookup simulate misplaced add remove cordon uncordon configure'; opts='--version --help -h'; vopts='' ;;
        'loomctl ring show') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --nodes --algorithm --seed --points-per-capacity --load-factor --keys --no-actors --watch -w --interval --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --nodes --algorithm --seed --points-per-capacity --load-factor --keys --interval' ;;
        'loomctl ring lookup') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --nodes --algorithm --seed --points-per-capacity --load-factor --fallbacks --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --nodes --algorithm --seed --points-per-capacity --load-factor --fallbacks' ;;
        'loomctl ring simulate') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --nodes --algorithm --seed --points-per-capacity --load-factor --add --remove --remove-zone --keys --compare --top --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --nodes --algorithm --seed --points-per-capacity --load-factor --add --remove --remove-zone --keys --top' ;;
        'loomctl ring misplaced') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --nodes --algorithm --seed --points-per-capacity --load-factor --live --limit --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --nodes --algorithm --seed --points-per-capacity --load-factor --limit' ;;
        'loomctl ring add') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --epoch --address --capacity --zone --label --static --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --epoch --address --capacity --zone --label' ;;
        'loomctl ring remove') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --epoch --force --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --epoch' ;;
        'loomctl ring cordon') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --epoch --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --epoch' ;;
        'loomctl ring uncordon') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --epoch --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --epoch' ;;
        'loomctl ring configure') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --epoch --algorithm --seed --points-per-capacity --load-factor --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --epoch --algorithm --seed --points-per-capacity --load-factor' ;;
        'loomctl health') subs='all redis nodes actors breakers queues cosmos'; opts='--version --help -h'; vopts='' ;;
        'loomctl health all') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --fail-on --watch -w --interval --ping-samples --probe-timeout-ms --exact --sample-size --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --fail-on --interval --ping-samples --probe-timeout-ms --sample-size' ;;
        'loomctl health redis') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --fail-on --watch -w --interval --ping-samples --probe-timeout-ms --exact --sample-size --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --fail-on --interval --ping-samples --probe-timeout-ms --sample-size' ;;
        'loomctl health nodes') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --fail-on --watch -w --interval --ping-samples --probe-timeout-ms --exact --sample-size --no-probe --breaker-threshold --breaker-cooldown --dry-run --evict --after --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --fail-on --interval --ping-samples --probe-timeout-ms --sample-size --breaker-threshold --breaker-cooldown --after' ;;
        'loomctl health actors') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --fail-on --watch -w --interval --ping-samples --probe-timeout-ms --exact --sample-size --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --fail-on --interval --ping-samples --probe-timeout-ms --sample-size' ;;
        'loomctl health breakers') subs='show reset'; opts='--version --help -h'; vopts='' ;;
        'loomctl health breakers show') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --fail-on --watch -w --interval --ping-samples --probe-timeout-ms --exact --sample-size --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --fail-on --interval --ping-samples --probe-timeout-ms --sample-size' ;;
        'loomctl health breakers reset') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl health queues') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --fail-on --watch -w --interval --ping-samples --probe-timeout-ms --exact --sample-size --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --fail-on --interval --ping-samples --probe-timeout-ms --sample-size' ;;
        'loomctl health cosmos') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --fail-on --watch -w --interval --ping-samples --probe-timeout-ms --exact --sample-size --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --fail-on --interval --ping-samples --probe-timeout-ms --sample-size' ;;
        'loomctl agent') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --node-id --address --zone --capacity --label --node-version --health-url --interval --ttl --drain-timeout --count-interval --log-level --cgroup-root --proc-root --once --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --node-id --address --zone --capacity --label --node-version --health-url --interval --ttl --drain-timeout --count-interval --log-level --cgroup-root --proc-root' ;;
        'loomctl config') subs='view get-contexts current-context use-context set-context delete-context'; opts='--version --help -h'; vopts='' ;;
        'loomctl config view') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl config get-contexts') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl config current-context') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl config use-context') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl config set-context') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --set-redis --set-password-file --set-actor-prefix --set-key-prefix --set-bull-prefix --set-node-prefix --set-timeout --set-llm-provider --set-llm-model --use --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --set-redis --set-password-file --set-actor-prefix --set-key-prefix --set-bull-prefix --set-node-prefix --set-timeout --set-llm-provider --set-llm-model' ;;
        'loomctl config delete-context') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl dev') subs='seed node load cluster'; opts='--version --help -h'; vopts='' ;;
        'loomctl dev seed') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --actors --types --workers --stale-fraction --no-broken --seed --id-width --force --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --actors --types --workers --stale-fraction --seed --id-width' ;;
        'loomctl dev node') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --node-id --capacity --zone --cpu-work --rate --fail-fraction --health-port --actors --types --interval --ttl --node-ttl --drain-timeout --log-level --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --node-id --capacity --zone --cpu-work --rate --fail-fraction --health-port --actors --types --interval --ttl --node-ttl --drain-timeout --log-level' ;;
        'loomctl dev load') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --type --rate --duration --count --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --type --rate --duration --count' ;;
        'loomctl dev cluster') subs='up status add-node kill down'; opts='--version --help -h'; vopts='' ;;
        'loomctl dev cluster up') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --nodes --actors --types --load --rate --fail-fraction --base-port --interval --ttl --node-ttl --wait --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --nodes --actors --types --load --rate --fail-fraction --base-port --interval --ttl --node-ttl --wait' ;;
        'loomctl dev cluster status') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl dev cluster add-node') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --node-id --wait --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --node-id --wait' ;;
        'loomctl dev cluster kill') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --signal --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --signal' ;;
        'loomctl dev cluster down') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --grace --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --grace' ;;
        'loomctl llm') subs='ask chat usage models'; opts='--version --help -h'; vopts='' ;;
        'loomctl llm ask') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --provider --model --system --temperature --max-tokens --base-url --api-key-file --fallback --no-cache --budget-usd --prices --no-redis --tools --actor-type --max-tool-rounds --deadline --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --provider --model --system --temperature --max-tokens --base-url --api-key-file --fallback --budget-usd --prices --tools --actor-type --max-tool-rounds --deadline' ;;
        'loomctl llm chat') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --provider --model --system --temperature --max-tokens --base-url --api-key-file --fallback --no-cache --budget-usd --prices --no-redis --tools --actor-type --max-tool-rounds --deadline --load --history-file --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --provider --model --system --temperature --max-tokens --base-url --api-key-file --fallback --budget-usd --prices --tools --actor-type --max-tool-rounds --deadline --load --history-file' ;;
        'loomctl llm usage') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --days --day --provider --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --days --day --provider' ;;
        'loomctl llm models') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --provider --prices --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --provider --prices' ;;
        'loomctl shell') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --keep-going --script --no-history --no-hints --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl completion') subs=''; opts='--version --help -h'; vopts='' ;;
        'loomctl help') subs=''; opts='--version'; vopts='' ;;
        *) subs=''; opts=''; vopts='' ;;
    esac
}

# How to complete the value of an option (or positional #N, #+) of a command path.
__loomctl_action() {
    case "$1|$2" in
        'loomctl|--redis'|'loomctl|--actor-prefix'|'loomctl|--key-prefix'|'loomctl|--bull-prefix'|'loomctl|--node-prefix'|'loomctl|--timeout') echo 'none' ;;
        'loomctl|--password-file'|'loomctl|--config') echo 'files' ;;
        'loomctl|--context') echo 'live' ;;
        'loomctl|--output'|'loomctl|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl|--color') echo 'words auto always never' ;;
        'loomctl actors list|--redis'|'loomctl actors list|--actor-prefix'|'loomctl actors list|--key-prefix'|'loomctl actors list|--bull-prefix'|'loomctl actors list|--node-prefix'|'loomctl actors list|--timeout'|'loomctl actors list|--status'|'loomctl actors list|--limit') echo 'none' ;;
        'loomctl actors list|--password-file'|'loomctl actors list|--config') echo 'files' ;;
        'loomctl actors list|--context'|'loomctl actors list|--type'|'loomctl actors list|--worker') echo 'live' ;;
        'loomctl actors list|--output'|'loomctl actors list|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl actors list|--color') echo 'words auto always never' ;;
        'loomctl actors list|--sort-by') echo 'words id type worker status messages heartbeat' ;;
        'loomctl actors get|--redis'|'loomctl actors get|--actor-prefix'|'loomctl actors get|--key-prefix'|'loomctl actors get|--bull-prefix'|'loomctl actors get|--node-prefix'|'loomctl actors get|--timeout') echo 'none' ;;
        'loomctl actors get|--password-file'|'loomctl actors get|--config') echo 'files' ;;
        'loomctl actors get|--context'|'loomctl actors get|#0'|'loomctl actors get|#+') echo 'live' ;;
        'loomctl actors get|--output'|'loomctl actors get|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl actors get|--color') echo 'words auto always never' ;;
        'loomctl actors stats|--redis'|'loomctl actors stats|--actor-prefix'|'loomctl actors stats|--key-prefix'|'loomctl actors stats|--bull-prefix'|'loomctl actors stats|--node-prefix'|'loomctl actors stats|--timeout') echo 'none' ;;
        'loomctl actors stats|--password-file'|'loomctl actors stats|--config') echo 'files' ;;
        'loomctl actors stats|--context') echo 'live' ;;
        'loomctl actors stats|--output'|'loomctl actors stats|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl actors stats|--color') echo 'words auto always never' ;;
        'loomctl actors register|--redis'|'loomctl actors register|--actor-prefix'|'loomctl actors register|--key-prefix'|'loomctl actors register|--bull-prefix'|'loomctl actors register|--node-prefix'|'loomctl actors register|--timeout'|'loomctl actors register|--status'|'loomctl actors register|--metadata'|'loomctl actors register|--ttl') echo 'none' ;;
        'loomctl actors register|--password-file'|'loomctl actors register|--config'|'loomctl actors register|--metadata-file') echo 'files' ;;
        'loomctl actors register|--context'|'loomctl actors register|--type'|'loomctl actors register|--worker'|'loomctl actors register|#0') echo 'live' ;;
        'loomctl actors register|--output'|'loomctl actors register|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl actors register|--color') echo 'words auto always never' ;;
        'loomctl actors unregister|--redis'|'loomctl actors unregister|--actor-prefix'|'loomctl actors unregister|--key-prefix'|'loomctl actors unregister|--bull-prefix'|'loomctl actors unregister|--node-prefix'|'loomctl actors unregister|--timeout') echo 'none' ;;
        'loomctl actors unregister|--password-file'|'loomctl actors unregister|--config') echo 'files' ;;
        'loomctl actors unregister|--context'|'loomctl actors unregister|#0'|'loomctl actors unregister|#+') echo 'live' ;;
        'loomctl actors unregister|--output'|'loomctl actors unregister|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl actors unregister|--color') echo 'words auto always never' ;;
        'loomctl actors heartbeat|--redis'|'loomctl actors heartbeat|--actor-prefix'|'loomctl actors heartbeat|--key-prefix'|'loomctl actors heartbeat|--bull-prefix'|'loomctl actors heartbeat|--node-prefix'|'loomctl actors heartbeat|--timeout'|'loomctl actors heartbeat|--ttl') echo 'none' ;;
        'loomctl actors heartbeat|--password-file'|'loomctl actors heartbeat|--config') echo 'files' ;;
        'loomctl actors heartbeat|--context'|'loomctl actors heartbeat|#0'|'loomctl actors heartbeat|#+') echo 'live' ;;
        'loomctl actors heartbeat|--output'|'loomctl actors heartbeat|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl actors heartbeat|--color') echo 'words auto always never' ;;
        'loomctl actors status|--redis'|'loomctl actors status|--actor-prefix'|'loomctl actors status|--key-prefix'|'loomctl actors status|--bull-prefix'|'loomctl actors status|--node-prefix'|'loomctl actors status|--timeout'|'loomctl actors status|#1') echo 'none' ;;
        'loomctl actors status|--password-file'|'loomctl actors status|--config') echo 'files' ;;
        'loomctl actors status|--context'|'loomctl actors status|#0') echo 'live' ;;
        'loomctl actors status|--output'|'loomctl actors status|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl actors status|--color') echo 'words auto always never' ;;
        'loomctl actors cleanup|--redis'|'loomctl actors cleanup|--actor-prefix'|'loomctl actors cleanup|--key-prefix'|'loomctl actors cleanup|--bull-prefix'|'loomctl actors cleanup|--node-prefix'|'loomctl actors cleanup|--timeout') echo 'none' ;;
        'loomctl actors cleanup|--password-file'|'loomctl actors cleanup|--config') echo 'files' ;;
        'loomctl actors cleanup|--context') echo 'live' ;;
        'loomctl actors cleanup|--output'|'loomctl actors cleanup|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl actors cleanup|--color') echo 'words auto always never' ;;
        'loomctl actors route|--redis'|'loomctl actors route|--actor-prefix'|'loomctl actors route|--key-prefix'|'loomctl actors route|--bull-prefix'|'loomctl actors route|--node-prefix'|'loomctl actors route|--timeout'|'loomctl actors route|--strategy'|'loomctl actors route|--zone'|'loomctl actors route|--near'|'loomctl actors route|--name') echo 'none' ;;
        'loomctl actors route|--password-file'|'loomctl actors route|--config') echo 'files' ;;
        'loomctl actors route|--context'|'loomctl actors route|--type') echo 'live' ;;
        'loomctl actors route|--output'|'loomctl actors route|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl actors route|--color') echo 'words auto always never' ;;
        'loomctl actors watch|--redis'|'loomctl actors watch|--actor-prefix'|'loomctl actors watch|--key-prefix'|'loomctl actors watch|--bull-prefix'|'loomctl actors watch|--node-prefix'|'loomctl actors watch|--timeout'|'loomctl actors watch|--count') echo 'none' ;;
        'loomctl actors watch|--password-file'|'loomctl actors watch|--config') echo 'files' ;;
        'loomctl actors watch|--context'|'loomctl actors watch|--type') echo 'live' ;;
        'loomctl actors watch|--output'|'loomctl actors watch|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl actors watch|--color') echo 'words auto always never' ;;
        'loomctl ring show|--redis'|'loomctl ring show|--actor-prefix'|'loomctl ring show|--key-prefix'|'loomctl ring show|--bull-prefix'|'loomctl ring show|--node-prefix'|'loomctl ring show|--timeout'|'loomctl ring show|--nodes'|'loomctl ring show|--seed'|'loomctl ring show|--points-per-capacity'|'loomctl ring show|--load-factor'|'loomctl ring show|--keys'|'loomctl ring show|--interval') echo 'none' ;;
        'loomctl ring show|--password-file'|'loomctl ring show|--config') echo 'files' ;;
        'loomctl ring show|--context') echo 'live' ;;
        'loomctl ring show|--output'|'loomctl ring show|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl ring show|--color') echo 'words auto always never' ;;
        'loomctl ring show|--algorithm') echo 'words murmur3 ketama' ;;
        'loomctl ring lookup|--redis'|'loomctl ring lookup|--actor-prefix'|'loomctl ring lookup|--key-prefix'|'loomctl ring lookup|--bull-prefix'|'loomctl ring lookup|--node-prefix'|'loomctl ring lookup|--timeout'|'loomctl ring lookup|--nodes'|'loomctl ring lookup|--seed'|'loomctl ring lookup|--points-per-capacity'|'loomctl ring lookup|--load-factor'|'loomctl ring lookup|--fallbacks') echo 'none' ;;
        'loomctl ring lookup|--password-file'|'loomctl ring lookup|--config') echo 'files' ;;
        'loomctl ring lookup|--context'|'loomctl ring lookup|#0'|'loomctl ring lookup|#+') echo 'live' ;;
        'loomctl ring lookup|--output'|'loomctl ring lookup|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl ring lookup|--color') echo 'words auto always never' ;;
        'loomctl ring lookup|--algorithm') echo 'words murmur3 ketama' ;;
        'loomctl ring simulate|--redis'|'loomctl ring simulate|--actor-prefix'|'loomctl ring simulate|--key-prefix'|'loomctl ring simulate|--bull-prefix'|'loomctl ring simulate|--node-prefix'|'loomctl ring simulate|--timeout'|'loomctl ring simulate|--nodes'|'loomctl ring simulate|--seed'|'loomctl ring simulate|--points-per-capacity'|'loomctl ring simulate|--load-factor'|'loomctl ring simulate|--add'|'loomctl ring simulate|--remove'|'loomctl ring simulate|--remove-zone'|'loomctl ring simulate|--keys'|'loomctl ring simulate|--top') echo 'none' ;;
        'loomctl ring simulate|--password-file'|'loomctl ring simulate|--config') echo 'files' ;;
        'loomctl ring simulate|--context') echo 'live' ;;
        'loomctl ring simulate|--output'|'loomctl ring simulate|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl ring simulate|--color') echo 'words auto always never' ;;
        'loomctl ring simulate|--algorithm') echo 'words murmur3 ketama' ;;
        'loomctl ring misplaced|--redis'|'loomctl ring misplaced|--actor-prefix'|'loomctl ring misplaced|--key-prefix'|'loomctl ring misplaced|--bull-prefix'|'loomctl ring misplaced|--node-prefix'|'loomctl ring misplaced|--timeout'|'loomctl ring misplaced|--nodes'|'loomctl ring misplaced|--seed'|'loomctl ring misplaced|--points-per-capacity'|'loomctl ring misplaced|--load-factor'|'loomctl ring misplaced|--limit') echo 'none' ;;
        'loomctl ring misplaced|--password-file'|'loomctl ring misplaced|--config') echo 'files' ;;
        'loomctl ring misplaced|--context') echo 'live' ;;
        'loomctl ring misplaced|--output'|'loomctl ring misplaced|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl ring misplaced|--color') echo 'words auto always never' ;;
        'loomctl ring misplaced|--algorithm') echo 'words murmur3 ketama' ;;
        'loomctl ring add|--redis'|'loomctl ring add|--actor-prefix'|'loomctl ring add|--key-prefix'|'loomctl ring add|--bull-prefix'|'loomctl ring add|--node-prefix'|'loomctl ring add|--timeout'|'loomctl ring add|--epoch'|'loomctl ring add|--address'|'loomctl ring add|--capacity'|'loomctl ring add|--zone'|'loomctl ring add|--label') echo 'none' ;;
        'loomctl ring add|--password-file'|'loomctl ring add|--config') echo 'files' ;;
        'loomctl ring add|--context'|'loomctl ring add|#0') echo 'live' ;;
        'loomctl ring add|--output'|'loomctl ring add|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl ring add|--color') echo 'words auto always never' ;;
        'loomctl ring remove|--redis'|'loomctl ring remove|--actor-prefix'|'loomctl ring remove|--key-prefix'|'loomctl ring remove|--bull-prefix'|'loomctl ring remove|--node-prefix'|'loomctl ring remove|--timeout'|'loomctl ring remove|--epoch') echo 'none' ;;
        'loomctl ring remove|--password-file'|'loomctl ring remove|--config') echo 'files' ;;
        'loomctl ring remove|--context'|'loomctl ring remove|#0') echo 'live' ;;
        'loomctl ring remove|--output'|'loomctl ring remove|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl ring remove|--color') echo 'words auto always never' ;;
        'loomctl ring cordon|--redis'|'loomctl ring cordon|--actor-prefix'|'loomctl ring cordon|--key-prefix'|'loomctl ring cordon|--bull-prefix'|'loomctl ring cordon|--node-prefix'|'loomctl ring cordon|--timeout'|'loomctl ring cordon|--epoch') echo 'none' ;;
        'loomctl ring cordon|--password-file'|'loomctl ring cordon|--config') echo 'files' ;;
        'loomctl ring cordon|--context'|'loomctl ring cordon|#0') echo 'live' ;;
        'loomctl ring cordon|--output'|'loomctl ring cordon|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl ring cordon|--color') echo 'words auto always never' ;;
        'loomctl ring uncordon|--redis'|'loomctl ring uncordon|--actor-prefix'|'loomctl ring uncordon|--key-prefix'|'loomctl ring uncordon|--bull-prefix'|'loomctl ring uncordon|--node-prefix'|'loomctl ring uncordon|--timeout'|'loomctl ring uncordon|--epoch') echo 'none' ;;
        'loomctl ring uncordon|--password-file'|'loomctl ring uncordon|--config') echo 'files' ;;
        'loomctl ring uncordon|--context'|'loomctl ring uncordon|#0') echo 'live' ;;
        'loomctl ring uncordon|--output'|'loomctl ring uncordon|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl ring uncordon|--color') echo 'words auto always never' ;;
        'loomctl ring configure|--redis'|'loomctl ring configure|--actor-prefix'|'loomctl ring configure|--key-prefix'|'loomctl ring configure|--bull-prefix'|'loomctl ring configure|--node-prefix'|'loomctl ring configure|--timeout'|'loomctl ring configure|--epoch'|'loomctl ring configure|--seed'|'loomctl ring configure|--points-per-capacity'|'loomctl ring configure|--load-factor') echo 'none' ;;
        'loomctl ring configure|--password-file'|'loomctl ring configure|--config') echo 'files' ;;
        'loomctl ring configure|--context') echo 'live' ;;
        'loomctl ring configure|--output'|'loomctl ring configure|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl ring configure|--color') echo 'words auto always never' ;;
        'loomctl ring configure|--algorithm') echo 'words murmur3 ketama' ;;
        'loomctl health all|--redis'|'loomctl health all|--actor-prefix'|'loomctl health all|--key-prefix'|'loomctl health all|--bull-prefix'|'loomctl health all|--node-prefix'|'loomctl health all|--timeout'|'loomctl health all|--interval'|'loomctl health all|--ping-samples'|'loomctl health all|--probe-timeout-ms'|'loomctl health all|--sample-size') echo 'none' ;;
        'loomctl health all|--password-file'|'loomctl health all|--config') echo 'files' ;;
        'loomctl health all|--context') echo 'live' ;;
        'loomctl health all|--output'|'loomctl health all|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl health all|--color') echo 'words auto always never' ;;
        'loomctl health all|--fail-on') echo 'words unhealthy degraded' ;;
        'loomctl health redis|--redis'|'loomctl health redis|--actor-prefix'|'loomctl health redis|--key-prefix'|'loomctl health redis|--bull-prefix'|'loomctl health redis|--node-prefix'|'loomctl health redis|--timeout'|'loomctl health redis|--interval'|'loomctl health redis|--ping-samples'|'loomctl health redis|--probe-timeout-ms'|'loomctl health redis|--sample-size') echo 'none' ;;
        'loomctl health redis|--password-file'|'loomctl health redis|--config') echo 'files' ;;
        'loomctl health redis|--context') echo 'live' ;;
        'loomctl health redis|--output'|'loomctl health redis|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl health redis|--color') echo 'words auto always never' ;;
        'loomctl health redis|--fail-on') echo 'words unhealthy degraded' ;;
        'loomctl health nodes|--redis'|'loomctl health nodes|--actor-prefix'|'loomctl health nodes|--key-prefix'|'loomctl health nodes|--bull-prefix'|'loomctl health nodes|--node-prefix'|'loomctl health nodes|--timeout'|'loomctl health nodes|--interval'|'loomctl health nodes|--ping-samples'|'loomctl health nodes|--probe-timeout-ms'|'loomctl health nodes|--sample-size'|'loomctl health nodes|--breaker-threshold'|'loomctl health nodes|--breaker-cooldown'|'loomctl health nodes|--after') echo 'none' ;;
        'loomctl health nodes|--password-file'|'loomctl health nodes|--config') echo 'files' ;;
        'loomctl health nodes|--context') echo 'live' ;;
        'loomctl health nodes|--output'|'loomctl health nodes|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl health nodes|--color') echo 'words auto always never' ;;
        'loomctl health nodes|--fail-on') echo 'words unhealthy degraded' ;;
        'loomctl health actors|--redis'|'loomctl health actors|--actor-prefix'|'loomctl health actors|--key-prefix'|'loomctl health actors|--bull-prefix'|'loomctl health actors|--node-prefix'|'loomctl health actors|--timeout'|'loomctl health actors|--interval'|'loomctl health actors|--ping-samples'|'loomctl health actors|--probe-timeout-ms'|'loomctl health actors|--sample-size') echo 'none' ;;
        'loomctl health actors|--password-file'|'loomctl health actors|--config') echo 'files' ;;
        'loomctl health actors|--context') echo 'live' ;;
        'loomctl health actors|--output'|'loomctl health actors|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl health actors|--color') echo 'words auto always never' ;;
        'loomctl health actors|--fail-on') echo 'words unhealthy degraded' ;;
        'loomctl health breakers show|--redis'|'loomctl health breakers show|--actor-prefix'|'loomctl health breakers show|--key-prefix'|'loomctl health breakers show|--bull-prefix'|'loomctl health breakers show|--node-prefix'|'loomctl health breakers show|--timeout'|'loomctl health breakers show|--interval'|'loomctl health breakers show|--ping-samples'|'loomctl health breakers show|--probe-timeout-ms'|'loomctl health breakers show|--sample-size') echo 'none' ;;
        'loomctl health breakers show|--password-file'|'loomctl health breakers show|--config') echo 'files' ;;
        'loomctl health breakers show|--context') echo 'live' ;;
        'loomctl health breakers show|--output'|'loomctl health breakers show|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl health breakers show|--color') echo 'words auto always never' ;;
        'loomctl health breakers show|--fail-on') echo 'words unhealthy degraded' ;;
        'loomctl health breakers reset|--redis'|'loomctl health breakers reset|--actor-prefix'|'loomctl health breakers reset|--key-prefix'|'loomctl health breakers reset|--bull-prefix'|'loomctl health breakers reset|--node-prefix'|'loomctl health breakers reset|--timeout') echo 'none' ;;
        'loomctl health breakers reset|--password-file'|'loomctl health breakers reset|--config') echo 'files' ;;
        'loomctl health breakers reset|--context'|'loomctl health breakers reset|#0') echo 'live' ;;
        'loomctl health breakers reset|--output'|'loomctl health breakers reset|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl health breakers reset|--color') echo 'words auto always never' ;;
        'loomctl health queues|--redis'|'loomctl health queues|--actor-prefix'|'loomctl health queues|--key-prefix'|'loomctl health queues|--bull-prefix'|'loomctl health queues|--node-prefix'|'loomctl health queues|--timeout'|'loomctl health queues|--interval'|'loomctl health queues|--ping-samples'|'loomctl health queues|--probe-timeout-ms'|'loomctl health queues|--sample-size') echo 'none' ;;
        'loomctl health queues|--password-file'|'loomctl health queues|--config') echo 'files' ;;
        'loomctl health queues|--context') echo 'live' ;;
        'loomctl health queues|--output'|'loomctl health queues|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl health queues|--color') echo 'words auto always never' ;;
        'loomctl health queues|--fail-on') echo 'words unhealthy degraded' ;;
        'loomctl health cosmos|--redis'|'loomctl health cosmos|--actor-prefix'|'loomctl health cosmos|--key-prefix'|'loomctl health cosmos|--bull-prefix'|'loomctl health cosmos|--node-prefix'|'loomctl health cosmos|--timeout'|'loomctl health cosmos|--interval'|'loomctl health cosmos|--ping-samples'|'loomctl health cosmos|--probe-timeout-ms'|'loomctl health cosmos|--sample-size') echo 'none' ;;
        'loomctl health cosmos|--password-file'|'loomctl health cosmos|--config') echo 'files' ;;
        'loomctl health cosmos|--context') echo 'live' ;;
        'loomctl health cosmos|--output'|'loomctl health cosmos|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl health cosmos|--color') echo 'words auto always never' ;;
        'loomctl health cosmos|--fail-on') echo 'words unhealthy degraded' ;;
        'loomctl agent|--redis'|'loomctl agent|--actor-prefix'|'loomctl agent|--key-prefix'|'loomctl agent|--bull-prefix'|'loomctl agent|--node-prefix'|'loomctl agent|--timeout'|'loomctl agent|--address'|'loomctl agent|--zone'|'loomctl agent|--capacity'|'loomctl agent|--label'|'loomctl agent|--node-version'|'loomctl agent|--health-url'|'loomctl agent|--interval'|'loomctl agent|--ttl'|'loomctl agent|--drain-timeout'|'loomctl agent|--count-interval'|'loomctl agent|--log-level') echo 'none' ;;
        'loomctl agent|--password-file'|'loomctl agent|--config'|'loomctl agent|--cgroup-root'|'loomctl agent|--proc-root') echo 'files' ;;
        'loomctl agent|--context'|'loomctl agent|--node-id') echo 'live' ;;
        'loomctl agent|--output'|'loomctl agent|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl agent|--color') echo 'words auto always never' ;;
        'loomctl config view|--redis'|'loomctl config view|--actor-prefix'|'loomctl config view|--key-prefix'|'loomctl config view|--bull-prefix'|'loomctl config view|--node-prefix'|'loomctl config view|--timeout') echo 'none' ;;
        'loomctl config view|--password-file'|'loomctl config view|--config') echo 'files' ;;
        'loomctl config view|--context') echo 'live' ;;
        'loomctl config view|--output'|'loomctl config view|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl config view|--color') echo 'words auto always never' ;;
        'loomctl config get-contexts|--redis'|'loomctl config get-contexts|--actor-prefix'|'loomctl config get-contexts|--key-prefix'|'loomctl config get-contexts|--bull-prefix'|'loomctl config get-contexts|--node-prefix'|'loomctl config get-contexts|--timeout') echo 'none' ;;
        'loomctl config get-contexts|--password-file'|'loomctl config get-contexts|--config') echo 'files' ;;
        'loomctl config get-contexts|--context') echo 'live' ;;
        'loomctl config get-contexts|--output'|'loomctl config get-contexts|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl config get-contexts|--color') echo 'words auto always never' ;;
        'loomctl config current-context|--redis'|'loomctl config current-context|--actor-prefix'|'loomctl config current-context|--key-prefix'|'loomctl config current-context|--bull-prefix'|'loomctl config current-context|--node-prefix'|'loomctl config current-context|--timeout') echo 'none' ;;
        'loomctl config current-context|--password-file'|'loomctl config current-context|--config') echo 'files' ;;
        'loomctl config current-context|--context') echo 'live' ;;
        'loomctl config current-context|--output'|'loomctl config current-context|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl config current-context|--color') echo 'words auto always never' ;;
        'loomctl config use-context|--redis'|'loomctl config use-context|--actor-prefix'|'loomctl config use-context|--key-prefix'|'loomctl config use-context|--bull-prefix'|'loomctl config use-context|--node-prefix'|'loomctl config use-context|--timeout') echo 'none' ;;
        'loomctl config use-context|--password-file'|'loomctl config use-context|--config') echo 'files' ;;
        'loomctl config use-context|--context'|'loomctl config use-context|#0') echo 'live' ;;
        'loomctl config use-context|--output'|'loomctl config use-context|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl config use-context|--color') echo 'words auto always never' ;;
        'loomctl config set-context|--redis'|'loomctl config set-context|--actor-prefix'|'loomctl config set-context|--key-prefix'|'loomctl config set-context|--bull-prefix'|'loomctl config set-context|--node-prefix'|'loomctl config set-context|--timeout'|'loomctl config set-context|--set-redis'|'loomctl config set-context|--set-actor-prefix'|'loomctl config set-context|--set-key-prefix'|'loomctl config set-context|--set-bull-prefix'|'loomctl config set-context|--set-node-prefix'|'loomctl config set-context|--set-timeout'|'loomctl config set-context|--set-llm-provider'|'loomctl config set-context|--set-llm-model') echo 'none' ;;
        'loomctl config set-context|--password-file'|'loomctl config set-context|--config'|'loomctl config set-context|--set-password-file') echo 'files' ;;
        'loomctl config set-context|--context'|'loomctl config set-context|#0') echo 'live' ;;
        'loomctl config set-context|--output'|'loomctl config set-context|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl config set-context|--color') echo 'words auto always never' ;;
        'loomctl config delete-context|--redis'|'loomctl config delete-context|--actor-prefix'|'loomctl config delete-context|--key-prefix'|'loomctl config delete-context|--bull-prefix'|'loomctl config delete-context|--node-prefix'|'loomctl config delete-context|--timeout') echo 'none' ;;
        'loomctl config delete-context|--password-file'|'loomctl config delete-context|--config') echo 'files' ;;
        'loomctl config delete-context|--context'|'loomctl config delete-context|#0') echo 'live' ;;
        'loomctl config delete-context|--output'|'loomctl config delete-context|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl config delete-context|--color') echo 'words auto always never' ;;
        'loomctl dev seed|--redis'|'loomctl dev seed|--actor-prefix'|'loomctl dev seed|--key-prefix'|'loomctl dev seed|--bull-prefix'|'loomctl dev seed|--node-prefix'|'loomctl dev seed|--timeout'|'loomctl dev seed|--actors'|'loomctl dev seed|--types'|'loomctl dev seed|--workers'|'loomctl dev seed|--stale-fraction'|'loomctl dev seed|--seed'|'loomctl dev seed|--id-width') echo 'none' ;;
        'loomctl dev seed|--password-file'|'loomctl dev seed|--config') echo 'files' ;;
        'loomctl dev seed|--context') echo 'live' ;;
        'loomctl dev seed|--output'|'loomctl dev seed|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl dev seed|--color') echo 'words auto always never' ;;
        'loomctl dev node|--redis'|'loomctl dev node|--actor-prefix'|'loomctl dev node|--key-prefix'|'loomctl dev node|--bull-prefix'|'loomctl dev node|--node-prefix'|'loomctl dev node|--timeout'|'loomctl dev node|--capacity'|'loomctl dev node|--zone'|'loomctl dev node|--cpu-work'|'loomctl dev node|--rate'|'loomctl dev node|--fail-fraction'|'loomctl dev node|--health-port'|'loomctl dev node|--actors'|'loomctl dev node|--types'|'loomctl dev node|--interval'|'loomctl dev node|--ttl'|'loomctl dev node|--node-ttl'|'loomctl dev node|--drain-timeout'|'loomctl dev node|--log-level') echo 'none' ;;
        'loomctl dev node|--password-file'|'loomctl dev node|--config') echo 'files' ;;
        'loomctl dev node|--context'|'loomctl dev node|--node-id') echo 'live' ;;
        'loomctl dev node|--output'|'loomctl dev node|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl dev node|--color') echo 'words auto always never' ;;
        'loomctl dev load|--redis'|'loomctl dev load|--actor-prefix'|'loomctl dev load|--key-prefix'|'loomctl dev load|--bull-prefix'|'loomctl dev load|--node-prefix'|'loomctl dev load|--timeout'|'loomctl dev load|--rate'|'loomctl dev load|--duration'|'loomctl dev load|--count') echo 'none' ;;
        'loomctl dev load|--password-file'|'loomctl dev load|--config') echo 'files' ;;
        'loomctl dev load|--context'|'loomctl dev load|--type') echo 'live' ;;
        'loomctl dev load|--output'|'loomctl dev load|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl dev load|--color') echo 'words auto always never' ;;
        'loomctl dev cluster up|--redis'|'loomctl dev cluster up|--actor-prefix'|'loomctl dev cluster up|--key-prefix'|'loomctl dev cluster up|--bull-prefix'|'loomctl dev cluster up|--node-prefix'|'loomctl dev cluster up|--timeout'|'loomctl dev cluster up|--nodes'|'loomctl dev cluster up|--actors'|'loomctl dev cluster up|--types'|'loomctl dev cluster up|--load'|'loomctl dev cluster up|--rate'|'loomctl dev cluster up|--fail-fraction'|'loomctl dev cluster up|--base-port'|'loomctl dev cluster up|--interval'|'loomctl dev cluster up|--ttl'|'loomctl dev cluster up|--node-ttl'|'loomctl dev cluster up|--wait') echo 'none' ;;
        'loomctl dev cluster up|--password-file'|'loomctl dev cluster up|--config') echo 'files' ;;
        'loomctl dev cluster up|--context') echo 'live' ;;
        'loomctl dev cluster up|--output'|'loomctl dev cluster up|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl dev cluster up|--color') echo 'words auto always never' ;;
        'loomctl dev cluster status|--redis'|'loomctl dev cluster status|--actor-prefix'|'loomctl dev cluster status|--key-prefix'|'loomctl dev cluster status|--bull-prefix'|'loomctl dev cluster status|--node-prefix'|'loomctl dev cluster status|--timeout') echo 'none' ;;
        'loomctl dev cluster status|--password-file'|'loomctl dev cluster status|--config') echo 'files' ;;
        'loomctl dev cluster status|--context') echo 'live' ;;
        'loomctl dev cluster status|--output'|'loomctl dev cluster status|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl dev cluster status|--color') echo 'words auto always never' ;;
        'loomctl dev cluster add-node|--redis'|'loomctl dev cluster add-node|--actor-prefix'|'loomctl dev cluster add-node|--key-prefix'|'loomctl dev cluster add-node|--bull-prefix'|'loomctl dev cluster add-node|--node-prefix'|'loomctl dev cluster add-node|--timeout'|'loomctl dev cluster add-node|--wait') echo 'none' ;;
        'loomctl dev cluster add-node|--password-file'|'loomctl dev cluster add-node|--config') echo 'files' ;;
        'loomctl dev cluster add-node|--context'|'loomctl dev cluster add-node|--node-id') echo 'live' ;;
        'loomctl dev cluster add-node|--output'|'loomctl dev cluster add-node|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl dev cluster add-node|--color') echo 'words auto always never' ;;
        'loomctl dev cluster kill|--redis'|'loomctl dev cluster kill|--actor-prefix'|'loomctl dev cluster kill|--key-prefix'|'loomctl dev cluster kill|--bull-prefix'|'loomctl dev cluster kill|--node-prefix'|'loomctl dev cluster kill|--timeout'|'loomctl dev cluster kill|--signal') echo 'none' ;;
        'loomctl dev cluster kill|--password-file'|'loomctl dev cluster kill|--config') echo 'files' ;;
        'loomctl dev cluster kill|--context'|'loomctl dev cluster kill|#0') echo 'live' ;;
        'loomctl dev cluster kill|--output'|'loomctl dev cluster kill|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl dev cluster kill|--color') echo 'words auto always never' ;;
        'loomctl dev cluster down|--redis'|'loomctl dev cluster down|--actor-prefix'|'loomctl dev cluster down|--key-prefix'|'loomctl dev cluster down|--bull-prefix'|'loomctl dev cluster down|--node-prefix'|'loomctl dev cluster down|--timeout'|'loomctl dev cluster down|--grace') echo 'none' ;;
        'loomctl dev cluster down|--password-file'|'loomctl dev cluster down|--config') echo 'files' ;;
        'loomctl dev cluster down|--context') echo 'live' ;;
        'loomctl dev cluster down|--output'|'loomctl dev cluster down|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl dev cluster down|--color') echo 'words auto always never' ;;
        'loomctl llm ask|--redis'|'loomctl llm ask|--actor-prefix'|'loomctl llm ask|--key-prefix'|'loomctl llm ask|--bull-prefix'|'loomctl llm ask|--node-prefix'|'loomctl llm ask|--timeout'|'loomctl llm ask|--system'|'loomctl llm ask|--temperature'|'loomctl llm ask|--max-tokens'|'loomctl llm ask|--base-url'|'loomctl llm ask|--budget-usd'|'loomctl llm ask|--tools'|'loomctl llm ask|--max-tool-rounds'|'loomctl llm ask|--deadline'|'loomctl llm ask|#0'|'loomctl llm ask|#+') echo 'none' ;;
        'loomctl llm ask|--password-file'|'loomctl llm ask|--config'|'loomctl llm ask|--api-key-file'|'loomctl llm ask|--prices') echo 'files' ;;
        'loomctl llm ask|--context'|'loomctl llm ask|--provider'|'loomctl llm ask|--model'|'loomctl llm ask|--fallback'|'loomctl llm ask|--actor-type') echo 'live' ;;
        'loomctl llm ask|--output'|'loomctl llm ask|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl llm ask|--color') echo 'words auto always never' ;;
        'loomctl llm chat|--redis'|'loomctl llm chat|--actor-prefix'|'loomctl llm chat|--key-prefix'|'loomctl llm chat|--bull-prefix'|'loomctl llm chat|--node-prefix'|'loomctl llm chat|--timeout'|'loomctl llm chat|--system'|'loomctl llm chat|--temperature'|'loomctl llm chat|--max-tokens'|'loomctl llm chat|--base-url'|'loomctl llm chat|--budget-usd'|'loomctl llm chat|--tools'|'loomctl llm chat|--max-tool-rounds'|'loomctl llm chat|--deadline') echo 'none' ;;
        'loomctl llm chat|--password-file'|'loomctl llm chat|--config'|'loomctl llm chat|--api-key-file'|'loomctl llm chat|--prices'|'loomctl llm chat|--load'|'loomctl llm chat|--history-file') echo 'files' ;;
        'loomctl llm chat|--context'|'loomctl llm chat|--provider'|'loomctl llm chat|--model'|'loomctl llm chat|--fallback'|'loomctl llm chat|--actor-type') echo 'live' ;;
        'loomctl llm chat|--output'|'loomctl llm chat|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl llm chat|--color') echo 'words auto always never' ;;
        'loomctl llm usage|--redis'|'loomctl llm usage|--actor-prefix'|'loomctl llm usage|--key-prefix'|'loomctl llm usage|--bull-prefix'|'loomctl llm usage|--node-prefix'|'loomctl llm usage|--timeout'|'loomctl llm usage|--days'|'loomctl llm usage|--day') echo 'none' ;;
        'loomctl llm usage|--password-file'|'loomctl llm usage|--config') echo 'files' ;;
        'loomctl llm usage|--context'|'loomctl llm usage|--provider') echo 'live' ;;
        'loomctl llm usage|--output'|'loomctl llm usage|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl llm usage|--color') echo 'words auto always never' ;;
        'loomctl llm models|--redis'|'loomctl llm models|--actor-prefix'|'loomctl llm models|--key-prefix'|'loomctl llm models|--bull-prefix'|'loomctl llm models|--node-prefix'|'loomctl llm models|--timeout') echo 'none' ;;
        'loomctl llm models|--password-file'|'loomctl llm models|--config'|'loomctl llm models|--prices') echo 'files' ;;
        'loomctl llm models|--context'|'loomctl llm models|--provider') echo 'live' ;;
        'loomctl llm models|--output'|'loomctl llm models|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl llm models|--color') echo 'words auto always never' ;;
        'loomctl shell|--redis'|'loomctl shell|--actor-prefix'|'loomctl shell|--key-prefix'|'loomctl shell|--bull-prefix'|'loomctl shell|--node-prefix'|'loomctl shell|--timeout') echo 'none' ;;
        'loomctl shell|--password-file'|'loomctl shell|--config') echo 'files' ;;
        'loomctl shell|--context') echo 'live' ;;
        'loomctl shell|--output'|'loomctl shell|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl shell|--color') echo 'words auto always never' ;;
        'loomctl completion|#0') echo 'words bash zsh fish' ;;
        'loomctl help|#0'|'loomctl help|#+') echo 'none' ;;
    esac
}

# Live names from loomctl itself (bounded by its --budget-ms and by timeout(1)).
__loomctl_call() {
    local bin="${COMP_WORDS[0]}"
    if command -v timeout >/dev/null 2>&1; then
        timeout 2 "$bin" __complete -- "$@" 2>/dev/null
    else
        "$bin" __complete -- "$@" 2>/dev/null
    fi
}

_loomctl() {
    local cur="${COMP_WORDS[COMP_CWORD]}" path='loomctl' subs opts vopts w i npos=0 pending='' action='' strip=''
    local -a norm=()
    COMPREPLY=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        w="${COMP_WORDS[i]}"
        # bash splits --opt=value at '=': glue the pieces back together.
        if [[ $w == '=' ]]; then norm[${#norm[@]}-1]+='='; pending=1; continue; fi
        if [[ -n $pending ]]; then
            if [[ ${COMP_WORDS[i-1]} == '=' ]]; then norm[${#norm[@]}-1]+="$w"; else norm+=("$w"); fi
            pending=''; continue
        fi
        norm+=("$w")
        __loomctl_spec "$path"
        if [[ $w == -?* ]]; then
            [[ $w != *=* && " $vopts " == *" $w "* ]] && pending="$w"
        elif [[ $npos -eq 0 && " $subs " == *" $w "* ]]; then
            path="$path $w"
        else
            ((npos++))
        fi
    done
    __loomctl_spec "$path"
    local lcur="$cur"
    if [[ $cur == '=' ]]; then
        action=$(__loomctl_action "$path" "${COMP_WORDS[COMP_CWORD-1]}"); cur=''
        strip="${norm[${#norm[@]}-1]}="; lcur="$strip"; unset 'norm[${#norm[@]}-1]'
    elif [[ $COMP_CWORD -ge 2 && ${COMP_WORDS[COMP_CWORD-1]} == '=' ]]; then
        action=$(__loomctl_action "$path" "${COMP_WORDS[COMP_CWORD-2]}")
        strip="${norm[${#norm[@]}-1]}"; lcur="$strip$cur"; unset 'norm[${#norm[@]}-1]'
    elif [[ -n $pending ]]; then
        action=$(__loomctl_action "$path" "$pending")
    elif [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur")); return
    elif [[ -n $subs && $npos -eq 0 ]]; then
        COMPREPLY=($(compgen -W "$subs" -- "$cur")); return
    else
        action=$(__loomctl_action "$path" "#$npos")
        [[ -z $action ]] && action=$(__loomctl_action "$path" "#+")
    fi
    case "$action" in
        words\ *) COMPREPLY=($(compgen -W "${action#words }" -- "$cur")) ;;
        files) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")) ;;
        dirs) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")) ;;
        live)
            local c IFS=$'\n'
            for c in $(__loomctl_call "${norm[@]}" "$lcur"); do
                [[ $c == :files ]] && continue
                COMPREPLY+=("${c#"$strip"}")
            done ;;
    esac
}

complete -F _loomctl loomctl
