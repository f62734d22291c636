# bash completion for loomctl
# Generated from loomctl's command tree by `loomctl __generate completions` (make completions); do not edit.

# Sets subs, opts and vopts (options that take a value) for a command path.
__loomctl_spec() {
    case "$1" in
        'loomctl') subs='actors config dev shell completion help'; opts='--version --help -h --redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl actors') subs='list get stats register unregister heartbeat status cleanup route watch'; opts='--version --help -h'; vopts='' ;;
        'loomctl actors list') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --type --status --worker --live --stale --sort-by --limit --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --type --status --worker --sort-by --limit' ;;
        'loomctl actors get') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl actors stats') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl actors register') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --type --worker --status --metadata --metadata-file --ttl --no-events --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --type --worker --status --metadata --metadata-file --ttl' ;;
        'loomctl actors unregister') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --no-events --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl actors heartbeat') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --ttl --allow-missing --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --ttl' ;;
        'loomctl actors status') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --no-events --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl actors cleanup') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --no-events --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl actors route') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --type --strategy --apply --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --type --strategy' ;;
        'loomctl actors watch') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --type --count --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --type --count' ;;
        'loomctl config') subs='view get-contexts current-context use-context set-context delete-context'; opts='--version --help -h'; vopts='' ;;
        'loomctl config view') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl config get-contexts') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl config current-context') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl config use-context') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl config set-context') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --set-redis --set-password-file --set-actor-prefix --set-key-prefix --set-bull-prefix --set-node-prefix --set-timeout --set-llm-provider --set-llm-model --use --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --set-redis --set-password-file --set-actor-prefix --set-key-prefix --set-bull-prefix --set-node-prefix --set-timeout --set-llm-provider --set-llm-model' ;;
        'loomctl config delete-context') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color' ;;
        'loomctl dev') subs='seed'; opts='--version --help -h'; vopts='' ;;
        'loomctl dev seed') subs=''; opts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --no-headers --color --yes -y --verbose -v --dry-run --actors --types --workers --stale-fraction --no-broken --seed --version --help -h'; vopts='--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout --output -o --color --actors --types --workers --stale-fraction --seed' ;;
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
        'loomctl actors route|--redis'|'loomctl actors route|--actor-prefix'|'loomctl actors route|--key-prefix'|'loomctl actors route|--bull-prefix'|'loomctl actors route|--node-prefix'|'loomctl actors route|--timeout'|'loomctl actors route|--strategy') echo 'none' ;;
        'loomctl actors route|--password-file'|'loomctl actors route|--config') echo 'files' ;;
        'loomctl actors route|--context'|'loomctl actors route|--type') echo 'live' ;;
        'loomctl actors route|--output'|'loomctl actors route|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl actors route|--color') echo 'words auto always never' ;;
        'loomctl actors watch|--redis'|'loomctl actors watch|--actor-prefix'|'loomctl actors watch|--key-prefix'|'loomctl actors watch|--bull-prefix'|'loomctl actors watch|--node-prefix'|'loomctl actors watch|--timeout'|'loomctl actors watch|--count') echo 'none' ;;
        'loomctl actors watch|--password-file'|'loomctl actors watch|--config') echo 'files' ;;
        'loomctl actors watch|--context'|'loomctl actors watch|--type') echo 'live' ;;
        'loomctl actors watch|--output'|'loomctl actors watch|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl actors watch|--color') echo 'words auto always never' ;;
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
        'loomctl dev seed|--redis'|'loomctl dev seed|--actor-prefix'|'loomctl dev seed|--key-prefix'|'loomctl dev seed|--bull-prefix'|'loomctl dev seed|--node-prefix'|'loomctl dev seed|--timeout'|'loomctl dev seed|--actors'|'loomctl dev seed|--types'|'loomctl dev seed|--workers'|'loomctl dev seed|--stale-fraction'|'loomctl dev seed|--seed') echo 'none' ;;
        'loomctl dev seed|--password-file'|'loomctl dev seed|--config') echo 'files' ;;
        'loomctl dev seed|--context') echo 'live' ;;
        'loomctl dev seed|--output'|'loomctl dev seed|-o') echo 'words table wide json jsonl yaml name' ;;
        'loomctl dev seed|--color') echo 'words auto always never' ;;
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
