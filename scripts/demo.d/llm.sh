# LLM tour (sourced by scripts/demo.sh: $LOOMCTL, step). No provider is contacted: prices, the ledger, and a
# clear error for a missing key.
step "$LOOMCTL" llm models --provider anthropic
step "$LOOMCTL" llm models -o json --provider gemini
step "$LOOMCTL" llm usage
step env -u OPENAI_API_KEY "$LOOMCTL" llm ask "hello" --provider openai
