# kefu.bash — bash completion for kefu; `make install` puts it in
# $(PREFIX)/share/bash-completion/completions/kefu. The commands and each
# command's options are read from `kefu help`, so they never drift from the
# binary's own tables.
_kefu()
{
    local cur words cmd sub i
    cur=${COMP_WORDS[COMP_CWORD]}
    # the command words typed so far (options and their values skipped roughly:
    # a word after an option that takes a value is not a command word)
    words=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
            -*) ;;
            *) case ${COMP_WORDS[i-1]} in
                   --db|--policy|--as-of|--font|--wait|--lang|--encoding|--kind|--month|--from|--to|-o|--output|\
                   --batch|--templates|--in|--out|--prepared-by|--reviewed-by|--approved-by|--witness|\
                   --category|--hold-id|--record|--owner|--reason|--placed-by|--on|--date|--anchor|\
                   --audit-key-file|--rechecked-by|--mapping|--sheet) ;;
                   *) words+=("${COMP_WORDS[i]}") ;;
               esac ;;
        esac
    done
    case ${COMP_WORDS[COMP_CWORD-1]} in
        --db|--policy|--font|-o|--output|--templates|--in|--out|--anchor|--audit-key-file|--mapping)
            COMPREPLY=($(compgen -f -- "$cur")); return ;;
        --lang) COMPREPLY=($(compgen -W "zh en" -- "$cur")); return ;;
        --encoding) COMPREPLY=($(compgen -W "utf-8 gb18030" -- "$cur")); return ;;
    esac
    cmd=${words[0]:-}
    sub=${words[1]:-}
    if [[ $cur == -* ]]; then
        local help
        if [[ -n $cmd ]]; then help=$(kefu help $cmd $sub 2>/dev/null); else help=$(kefu help 2>/dev/null); fi
        COMPREPLY=($(compgen -W "$(printf '%s\n' "$help" | grep -oE -- '--[a-z-]+' | sort -u)" -- "$cur"))
        return
    fi
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$(kefu help 2>/dev/null | sed -n 's/^  \([a-z]\+\).*/\1/p' | sort -u)" -- "$cur"))
    elif [[ ${#words[@]} -eq 1 ]] && kefu help "$cmd" 2>/dev/null | grep -q "^usage: kefu $cmd [a-z]"; then
        COMPREPLY=($(compgen -W "$(kefu help "$cmd" 2>/dev/null | sed -n "s/^usage: kefu $cmd \([a-z]\+\).*/\1/p")" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -F _kefu kefu
