#ifndef LOOM_CREADLINE_SHIM_H
#define LOOM_CREADLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/readline.h>
#include <readline/history.h>

/* readline's configuration lives in mutable C globals, which Swift 6 rejects as not
   concurrency-safe. LoomShell's LineEditor reaches them only through these shims, and only from
   its own editor thread (see LineEditor.swift). */

static inline void loom_rl_set_readline_name(const char *name) { rl_readline_name = name; }
static inline void loom_rl_set_catch_signals(int on) { rl_catch_signals = on; rl_catch_sigwinch = on; }
static inline void loom_rl_set_attempted_completion_function(rl_completion_func_t *f) { rl_attempted_completion_function = f; }
static inline void loom_rl_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }
static inline void loom_rl_set_completion_append_character(int c) { rl_completion_append_character = c; }
static inline void loom_rl_set_completion_suppress_append(int v) { rl_completion_suppress_append = v; }
static inline void loom_rl_set_sort_completion_matches(int v) { rl_sort_completion_matches = v; }
static inline void loom_rl_set_word_break_characters(const char *s) {
    rl_completer_word_break_characters = (char *)s;
    rl_basic_word_break_characters = s;
}
static inline void loom_rl_set_completer_quote_characters(const char *s) { rl_completer_quote_characters = s; }
static inline void loom_rl_set_redisplay_function(rl_voidfunc_t *f) { rl_redisplay_function = f ? f : rl_redisplay; }
static inline void loom_rl_set_outstream(FILE *f) { rl_outstream = f; }
static inline void loom_rl_set_instream(FILE *f) { rl_instream = f; }
static inline FILE *loom_rl_outstream(void) { return rl_outstream ? rl_outstream : stdout; }
static inline const char *loom_rl_line_buffer(void) { return rl_line_buffer ? rl_line_buffer : ""; }
static inline int loom_rl_point(void) { return rl_point; }
static inline int loom_rl_end(void) { return rl_end; }
static inline void loom_rl_set_done(int v) { rl_done = v; }
static inline int loom_rl_readline_state_has(unsigned long flag) { return (rl_readline_state & flag) != 0; }

/* Ctrl-C at the prompt: drop the line being edited and show a fresh prompt (what bash does). */
static inline void loom_rl_interrupt_line(void) {
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_replace_line("", 0);
    rl_point = rl_end = 0;
    fputs("^C\n", rl_outstream ? rl_outstream : stdout);
    rl_on_new_line();
    rl_redisplay();
}

static inline FILE *loom_stdout(void) { return stdout; }
static inline FILE *loom_stdin(void) { return stdin; }
#endif
