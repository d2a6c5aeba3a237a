"""Shell completion scripts, written from the argparse tree (commands, then their options)."""

from __future__ import annotations

import argparse


def _tree(parser: argparse.ArgumentParser) -> dict[str, list[str]]:
    commands: dict[str, list[str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                words = [o for a in sub._actions for o in a.option_strings if o.startswith("--")]
                for a in sub._actions:
                    if a.choices and not a.option_strings:
                        words += [str(c) for c in a.choices]
                commands[name] = sorted(set(words))
    return commands


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    tree = _tree(parser)
    names = " ".join(sorted(tree))
    if shell == "bash":
        cases = "\n".join(f'        {name}) words="{" ".join(opts)}" ;;' for name, opts in sorted(tree.items()))
        return f"""# bash completion for timeledger
_timeledger() {{
    local cur command words i
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    command=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${{COMP_WORDS[i]}}" in --server|--api-key|--workspace|--profile) ((i++)) ;; -*) ;; *) command="${{COMP_WORDS[i]}}"; break ;; esac
    done
    if [ -z "$command" ]; then
        COMPREPLY=($(compgen -W "{names} --server --api-key --workspace --profile --help --version" -- "$cur"))
        return
    fi
    case "$command" in
{cases}
        *) words="" ;;
    esac
    COMPREPLY=($(compgen -W "$words --help" -- "$cur"))
}}
complete -F _timeledger timeledger
"""
    if shell == "zsh":
        cases = "\n".join(f"    {name}) compadd -- {' '.join(opts)} --help ;;" for name, opts in sorted(tree.items()))
        return f"""#compdef timeledger
_timeledger() {{
  if (( CURRENT == 2 )); then
    compadd -- {names}
    return
  fi
  case $words[2] in
{cases}
  esac
}}
_timeledger "$@"
"""
    lines = [f"complete -c timeledger -f -n '__fish_use_subcommand' -a '{names}'"]
    for name, opts in sorted(tree.items()):
        for opt in opts:
            if opt.startswith("--"):
                lines.append(f"complete -c timeledger -f -n '__fish_seen_subcommand_from {name}' -l {opt[2:]}")
            else:
                lines.append(f"complete -c timeledger -f -n '__fish_seen_subcommand_from {name}' -a '{opt}'")
    return "\n".join(lines) + "\n"
