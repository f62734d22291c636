#!/bin/bash

__loomctl_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__loomctl_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__loomctl_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__loomctl_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_loomctl() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __loomctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    actors|ring|health|agent|config|dev|llm|shell|completion|help)
        # Offer subcommand argument completions
        "_loomctl_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'actors ring health agent config dev llm shell completion help' -- "${cur}"))
        ;;
    esac
}

_loomctl_actors() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __loomctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|get|stats|register|unregister|heartbeat|status|cleanup|route|watch)
        # Offer subcommand argument completions
        "_loomctl_actors_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list get stats register unregister heartbeat status cleanup route watch' -- "${cur}"))
        ;;
    esac
}

_loomctl_actors_list() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --live --stale --version -h --help)
    repeating_options=(--type)
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --status --worker --sort-by --limit)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors list -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--type')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors list -- --type "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--status')
        return
        ;;
    '--worker')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors list -- --worker "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--sort-by')
        __loomctl_add_completions -W 'id'$'\n''type'$'\n''worker'$'\n''status'$'\n''messages'$'\n''heartbeat'
        return
        ;;
    '--limit')
        return
        ;;
    esac
}

_loomctl_actors_get() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color)
    __loomctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors get -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors get -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_actors_stats() {
    repeating_flags=()
    non_repeating_flags=(--exact --no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors stats -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_loomctl_actors_register() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --dry-run --no-events --retype --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --type --worker --status --metadata --metadata-file --ttl)
    __loomctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors register -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--type')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors register -- --type "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--worker')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors register -- --worker "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--status')
        return
        ;;
    '--metadata')
        return
        ;;
    '--metadata-file')
        __loomctl_add_completions -f
        return
        ;;
    '--ttl')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors register -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_actors_unregister() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --dry-run --no-events --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color)
    __loomctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors unregister -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors unregister -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_actors_heartbeat() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --dry-run --allow-missing --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --ttl)
    __loomctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors heartbeat -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--ttl')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors heartbeat -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_actors_status() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --dry-run --no-events --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color)
    __loomctl_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors status -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors status -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_actors_cleanup() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --dry-run --no-events --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors cleanup -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_loomctl_actors_route() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --apply --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --type --strategy --zone --near --name)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors route -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--type')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors route -- --type "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--strategy')
        return
        ;;
    '--zone')
        return
        ;;
    '--near')
        return
        ;;
    '--name')
        return
        ;;
    esac
}

_loomctl_actors_watch() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=(--type)
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --count)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors watch -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--type')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion actors watch -- --type "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--count')
        return
        ;;
    esac
}

_loomctl_ring() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __loomctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    show|lookup|simulate|misplaced|add|remove|cordon|uncordon|configure)
        # Offer subcommand argument completions
        "_loomctl_ring_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'show lookup simulate misplaced add remove cordon uncordon configure' -- "${cur}"))
        ;;
    esac
}

_loomctl_ring_show() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --no-actors -w --watch --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --nodes --algorithm --seed --points-per-capacity --load-factor --keys --interval)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion ring show -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--nodes')
        return
        ;;
    '--algorithm')
        __loomctl_add_completions -W 'murmur3'$'\n''ketama'
        return
        ;;
    '--seed')
        return
        ;;
    '--points-per-capacity')
        return
        ;;
    '--load-factor')
        return
        ;;
    '--keys')
        return
        ;;
    '--interval')
        return
        ;;
    esac
}

_loomctl_ring_lookup() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --nodes --algorithm --seed --points-per-capacity --load-factor --fallbacks)
    __loomctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion ring lookup -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--nodes')
        return
        ;;
    '--algorithm')
        __loomctl_add_completions -W 'murmur3'$'\n''ketama'
        return
        ;;
    '--seed')
        return
        ;;
    '--points-per-capacity')
        return
        ;;
    '--load-factor')
        return
        ;;
    '--fallbacks')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion ring lookup -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_ring_simulate() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --compare --version -h --help)
    repeating_options=(--add --remove --remove-zone)
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --nodes --algorithm --seed --points-per-capacity --load-factor --keys --top)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion ring simulate -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--nodes')
        return
        ;;
    '--algorithm')
        __loomctl_add_completions -W 'murmur3'$'\n''ketama'
        return
        ;;
    '--seed')
        return
        ;;
    '--points-per-capacity')
        return
        ;;
    '--load-factor')
        return
        ;;
    '--add')
        return
        ;;
    '--remove')
        return
        ;;
    '--remove-zone')
        return
        ;;
    '--keys')
        return
        ;;
    '--top')
        return
        ;;
    esac
}

_loomctl_ring_misplaced() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --live --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --nodes --algorithm --seed --points-per-capacity --load-factor --limit)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion ring misplaced -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--nodes')
        return
        ;;
    '--algorithm')
        __loomctl_add_completions -W 'murmur3'$'\n''ketama'
        return
        ;;
    '--seed')
        return
        ;;
    '--points-per-capacity')
        return
        ;;
    '--load-factor')
        return
        ;;
    '--limit')
        return
        ;;
    esac
}

_loomctl_ring_add() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --dry-run --static --version -h --help)
    repeating_options=(--label)
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --epoch --address --capacity --zone)
    __loomctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion ring add -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--epoch')
        return
        ;;
    '--address')
        return
        ;;
    '--capacity')
        return
        ;;
    '--zone')
        return
        ;;
    '--label')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion ring add -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_ring_remove() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --dry-run --force --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --epoch)
    __loomctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion ring remove -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--epoch')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion ring remove -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_ring_cordon() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --dry-run --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --epoch)
    __loomctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion ring cordon -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--epoch')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion ring cordon -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_ring_uncordon() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --dry-run --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --epoch)
    __loomctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion ring uncordon -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--epoch')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion ring uncordon -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_ring_configure() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --dry-run --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --epoch --algorithm --seed --points-per-capacity --load-factor)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion ring configure -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--epoch')
        return
        ;;
    '--algorithm')
        __loomctl_add_completions -W 'murmur3'$'\n''ketama'
        return
        ;;
    '--seed')
        return
        ;;
    '--points-per-capacity')
        return
        ;;
    '--load-factor')
        return
        ;;
    esac
}

_loomctl_health() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __loomctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    all|redis|nodes|actors|breakers|queues|cosmos)
        # Offer subcommand argument completions
        "_loomctl_health_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'all redis nodes actors breakers queues cosmos' -- "${cur}"))
        ;;
    esac
}

_loomctl_health_all() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose -w --watch --exact --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --fail-on --interval --ping-samples --probe-timeout-ms --sample-size)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion health all -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--fail-on')
        __loomctl_add_completions -W 'unhealthy'$'\n''degraded'
        return
        ;;
    '--interval')
        return
        ;;
    '--ping-samples')
        return
        ;;
    '--probe-timeout-ms')
        return
        ;;
    '--sample-size')
        return
        ;;
    esac
}

_loomctl_health_redis() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose -w --watch --exact --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --fail-on --interval --ping-samples --probe-timeout-ms --sample-size)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion health redis -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--fail-on')
        __loomctl_add_completions -W 'unhealthy'$'\n''degraded'
        return
        ;;
    '--interval')
        return
        ;;
    '--ping-samples')
        return
        ;;
    '--probe-timeout-ms')
        return
        ;;
    '--sample-size')
        return
        ;;
    esac
}

_loomctl_health_nodes() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose -w --watch --exact --no-probe --dry-run --evict --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --fail-on --interval --ping-samples --probe-timeout-ms --sample-size --breaker-threshold --breaker-cooldown --after)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion health nodes -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--fail-on')
        __loomctl_add_completions -W 'unhealthy'$'\n''degraded'
        return
        ;;
    '--interval')
        return
        ;;
    '--ping-samples')
        return
        ;;
    '--probe-timeout-ms')
        return
        ;;
    '--sample-size')
        return
        ;;
    '--breaker-threshold')
        return
        ;;
    '--breaker-cooldown')
        return
        ;;
    '--after')
        return
        ;;
    esac
}

_loomctl_health_actors() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose -w --watch --exact --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --fail-on --interval --ping-samples --probe-timeout-ms --sample-size)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion health actors -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--fail-on')
        __loomctl_add_completions -W 'unhealthy'$'\n''degraded'
        return
        ;;
    '--interval')
        return
        ;;
    '--ping-samples')
        return
        ;;
    '--probe-timeout-ms')
        return
        ;;
    '--sample-size')
        return
        ;;
    esac
}

_loomctl_health_breakers() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __loomctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    show|reset)
        # Offer subcommand argument completions
        "_loomctl_health_breakers_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'show reset' -- "${cur}"))
        ;;
    esac
}

_loomctl_health_breakers_show() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose -w --watch --exact --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --fail-on --interval --ping-samples --probe-timeout-ms --sample-size)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion health breakers show -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--fail-on')
        __loomctl_add_completions -W 'unhealthy'$'\n''degraded'
        return
        ;;
    '--interval')
        return
        ;;
    '--ping-samples')
        return
        ;;
    '--probe-timeout-ms')
        return
        ;;
    '--sample-size')
        return
        ;;
    esac
}

_loomctl_health_breakers_reset() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --dry-run --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color)
    __loomctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion health breakers reset -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion health breakers reset -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_health_queues() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose -w --watch --exact --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --fail-on --interval --ping-samples --probe-timeout-ms --sample-size)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion health queues -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--fail-on')
        __loomctl_add_completions -W 'unhealthy'$'\n''degraded'
        return
        ;;
    '--interval')
        return
        ;;
    '--ping-samples')
        return
        ;;
    '--probe-timeout-ms')
        return
        ;;
    '--sample-size')
        return
        ;;
    esac
}

_loomctl_health_cosmos() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose -w --watch --exact --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --fail-on --interval --ping-samples --probe-timeout-ms --sample-size)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion health cosmos -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--fail-on')
        __loomctl_add_completions -W 'unhealthy'$'\n''degraded'
        return
        ;;
    '--interval')
        return
        ;;
    '--ping-samples')
        return
        ;;
    '--probe-timeout-ms')
        return
        ;;
    '--sample-size')
        return
        ;;
    esac
}

_loomctl_agent() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --once --version -h --help)
    repeating_options=(--label)
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --node-id --address --zone --capacity --node-version --health-url --interval --ttl --drain-timeout --count-interval --log-level --cgroup-root --proc-root)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion agent -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--node-id')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion agent -- --node-id "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--address')
        return
        ;;
    '--zone')
        return
        ;;
    '--capacity')
        return
        ;;
    '--label')
        return
        ;;
    '--node-version')
        return
        ;;
    '--health-url')
        return
        ;;
    '--interval')
        return
        ;;
    '--ttl')
        return
        ;;
    '--drain-timeout')
        return
        ;;
    '--count-interval')
        return
        ;;
    '--log-level')
        return
        ;;
    '--cgroup-root')
        __loomctl_add_completions -f
        return
        ;;
    '--proc-root')
        __loomctl_add_completions -f
        return
        ;;
    esac
}

_loomctl_config() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __loomctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    view|get-contexts|current-context|use-context|set-context|delete-context)
        # Offer subcommand argument completions
        "_loomctl_config_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'view get-contexts current-context use-context set-context delete-context' -- "${cur}"))
        ;;
    esac
}

_loomctl_config_view() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion config view -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_loomctl_config_get-contexts() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion config get-contexts -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_loomctl_config_current-context() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion config current-context -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_loomctl_config_use-context() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color)
    __loomctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion config use-context -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion config use-context -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_config_set-context() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --use --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --set-redis --set-password-file --set-actor-prefix --set-key-prefix --set-bull-prefix --set-node-prefix --set-timeout --set-llm-provider --set-llm-model)
    __loomctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion config set-context -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--set-redis')
        return
        ;;
    '--set-password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--set-actor-prefix')
        return
        ;;
    '--set-key-prefix')
        return
        ;;
    '--set-bull-prefix')
        return
        ;;
    '--set-node-prefix')
        return
        ;;
    '--set-timeout')
        return
        ;;
    '--set-llm-provider')
        return
        ;;
    '--set-llm-model')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion config set-context -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_config_delete-context() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color)
    __loomctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion config delete-context -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion config delete-context -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_dev() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __loomctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    seed|node|load|cluster)
        # Offer subcommand argument completions
        "_loomctl_dev_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'seed node load cluster' -- "${cur}"))
        ;;
    esac
}

_loomctl_dev_seed() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --dry-run --no-broken --force --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --actors --types --workers --stale-fraction --seed --id-width)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion dev seed -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--actors')
        return
        ;;
    '--types')
        return
        ;;
    '--workers')
        return
        ;;
    '--stale-fraction')
        return
        ;;
    '--seed')
        return
        ;;
    '--id-width')
        return
        ;;
    esac
}

_loomctl_dev_node() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --node-id --capacity --zone --cpu-work --rate --fail-fraction --health-port --actors --types --interval --ttl --node-ttl --drain-timeout --log-level)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion dev node -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--node-id')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion dev node -- --node-id "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--capacity')
        return
        ;;
    '--zone')
        return
        ;;
    '--cpu-work')
        return
        ;;
    '--rate')
        return
        ;;
    '--fail-fraction')
        return
        ;;
    '--health-port')
        return
        ;;
    '--actors')
        return
        ;;
    '--types')
        return
        ;;
    '--interval')
        return
        ;;
    '--ttl')
        return
        ;;
    '--node-ttl')
        return
        ;;
    '--drain-timeout')
        return
        ;;
    '--log-level')
        return
        ;;
    esac
}

_loomctl_dev_load() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --type --rate --duration --count)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion dev load -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--type')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion dev load -- --type "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--rate')
        return
        ;;
    '--duration')
        return
        ;;
    '--count')
        return
        ;;
    esac
}

_loomctl_dev_cluster() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __loomctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    up|status|add-node|kill|down)
        # Offer subcommand argument completions
        "_loomctl_dev_cluster_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'up status add-node kill down' -- "${cur}"))
        ;;
    esac
}

_loomctl_dev_cluster_up() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=(--load)
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --nodes --actors --types --rate --fail-fraction --base-port --interval --ttl --node-ttl --wait)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion dev cluster up -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--nodes')
        return
        ;;
    '--actors')
        return
        ;;
    '--types')
        return
        ;;
    '--load')
        return
        ;;
    '--rate')
        return
        ;;
    '--fail-fraction')
        return
        ;;
    '--base-port')
        return
        ;;
    '--interval')
        return
        ;;
    '--ttl')
        return
        ;;
    '--node-ttl')
        return
        ;;
    '--wait')
        return
        ;;
    esac
}

_loomctl_dev_cluster_status() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion dev cluster status -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_loomctl_dev_cluster_add-node() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --node-id --wait)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion dev cluster add-node -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--node-id')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion dev cluster add-node -- --node-id "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--wait')
        return
        ;;
    esac
}

_loomctl_dev_cluster_kill() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --signal)
    __loomctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion dev cluster kill -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--signal')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion dev cluster kill -- positional@0 "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_dev_cluster_down() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --grace)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion dev cluster down -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--grace')
        return
        ;;
    esac
}

_loomctl_llm() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __loomctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    ask|chat|usage|models)
        # Offer subcommand argument completions
        "_loomctl_llm_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'ask chat usage models' -- "${cur}"))
        ;;
    esac
}

_loomctl_llm_ask() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --no-cache --no-redis --version -h --help)
    repeating_options=(--tools --actor-type)
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --provider --model --system --temperature --max-tokens --base-url --api-key-file --fallback --budget-usd --prices --max-tool-rounds --deadline)
    __loomctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion llm ask -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--provider')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion llm ask -- --provider "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--model')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion llm ask -- --model "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--system')
        return
        ;;
    '--temperature')
        return
        ;;
    '--max-tokens')
        return
        ;;
    '--base-url')
        return
        ;;
    '--api-key-file')
        __loomctl_add_completions -f
        return
        ;;
    '--fallback')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion llm ask -- --fallback "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--budget-usd')
        return
        ;;
    '--prices')
        __loomctl_add_completions -f
        return
        ;;
    '--tools')
        return
        ;;
    '--actor-type')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion llm ask -- --actor-type "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--max-tool-rounds')
        return
        ;;
    '--deadline')
        return
        ;;
    esac
}

_loomctl_llm_chat() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --no-cache --no-redis --version -h --help)
    repeating_options=(--tools --actor-type)
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --provider --model --system --temperature --max-tokens --base-url --api-key-file --fallback --budget-usd --prices --max-tool-rounds --deadline --load --history-file)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion llm chat -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--provider')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion llm chat -- --provider "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--model')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion llm chat -- --model "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--system')
        return
        ;;
    '--temperature')
        return
        ;;
    '--max-tokens')
        return
        ;;
    '--base-url')
        return
        ;;
    '--api-key-file')
        __loomctl_add_completions -f
        return
        ;;
    '--fallback')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion llm chat -- --fallback "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--budget-usd')
        return
        ;;
    '--prices')
        __loomctl_add_completions -f
        return
        ;;
    '--tools')
        return
        ;;
    '--actor-type')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion llm chat -- --actor-type "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--max-tool-rounds')
        return
        ;;
    '--deadline')
        return
        ;;
    '--load')
        __loomctl_add_completions -f
        return
        ;;
    '--history-file')
        __loomctl_add_completions -f
        return
        ;;
    esac
}

_loomctl_llm_usage() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --days --day --provider)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion llm usage -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--days')
        return
        ;;
    '--day')
        return
        ;;
    '--provider')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion llm usage -- --provider "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_loomctl_llm_models() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color --provider --prices)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion llm models -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    '--provider')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion llm models -- --provider "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--prices')
        __loomctl_add_completions -f
        return
        ;;
    esac
}

_loomctl_shell() {
    repeating_flags=()
    non_repeating_flags=(--no-headers -y --yes -v --verbose --keep-going --script --no-history --no-hints --version -h --help)
    repeating_options=()
    non_repeating_options=(--redis --password-file --actor-prefix --key-prefix --bull-prefix --node-prefix --context --config --timeout -o --output --color)
    __loomctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--redis')
        return
        ;;
    '--password-file')
        __loomctl_add_completions -f
        return
        ;;
    '--actor-prefix')
        return
        ;;
    '--key-prefix')
        return
        ;;
    '--bull-prefix')
        return
        ;;
    '--node-prefix')
        return
        ;;
    '--context')
        __loomctl_add_completions -W "$(__loomctl_custom_complete ---completion shell -- --context "${COMP_CWORD}" "$(__loomctl_cursor_index_in_current_word)")"
        return
        ;;
    '--config')
        __loomctl_add_completions -f
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __loomctl_add_completions -W 'table'$'\n''wide'$'\n''json'$'\n''jsonl'$'\n''yaml'$'\n''name'
        return
        ;;
    '--color')
        __loomctl_add_completions -W 'auto'$'\n''always'$'\n''never'
        return
        ;;
    esac
}

_loomctl_completion() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __loomctl_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __loomctl_add_completions -W 'bash'$'\n''zsh'$'\n''fish'
        return
        ;;
    esac
}

_loomctl_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __loomctl_offer_flags_options -1
}

# loomctl: join `--opt = value` (bash splits at '='), move leading global options after the
# subcommand words, then hand over to ArgumentParser's _loomctl.
__loomctl_normalize() {
    local -a words=() lead=()
    local -i i cword=0
    local w
    for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
        w="${COMP_WORDS[i]}"
        if [[ $w == '=' ]]; then
            if ((i == COMP_CWORD)); then words+=(''); cword=$((${#words[@]} - 1)); fi
            continue
        fi
        words+=("$w")
        ((i == COMP_CWORD)) && cword=$((${#words[@]} - 1))
    done
    i=1
    while ((i < cword)); do
        case " --actor-prefix --bull-prefix --color --config --context --key-prefix --node-prefix --output --password-file --redis --timeout -o " in
        *" ${words[i]} "*) ((i + 1 < cword)) && lead+=("${words[i]}" "${words[i+1]}") && ((i += 2)) && continue ;;
        esac
        case " --no-headers --verbose --yes -v -y " in
        *" ${words[i]} "*) lead+=("${words[i]}"); ((i++)); continue ;;
        esac
        break
    done
    if ((${#lead[@]})); then
        words=("${words[0]}" "${words[@]:i:cword-i}" "${lead[@]}" "${words[@]:cword}")
    fi
    COMP_WORDS=("${words[@]}")
    COMP_CWORD=$cword
    COMP_LINE="${words[*]::cword+1}"
    COMP_POINT=${#COMP_LINE}
}

_loomctl_main() {
    local -a COMP_WORDS=("${COMP_WORDS[@]}")
    local COMP_CWORD=$COMP_CWORD COMP_LINE=$COMP_LINE COMP_POINT=$COMP_POINT
    __loomctl_normalize
    _loomctl "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
}

complete -o filenames -F _loomctl_main loomctl