// GNU readline and its history library, for the interactive session, with small accessors for
// readline's global variables (Swift 6 does not let code touch C globals directly); and
// malloc_trim, with which the session gives back the memory of a stopped computation.
#include <stdio.h>
#include <malloc.h>
#include <readline/readline.h>
#include <readline/history.h>

/// Names the program, turns off readline's own signal handlers (the REPL handles Ctrl-C in its
/// loop) and installs the completion function with the characters that separate words.
static inline void symdiff_readline_configure(rl_completion_func_t *complete, const char *word_breaks) {
    rl_readline_name = "symdiff";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 1;
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = (char *)word_breaks;
}

/// Tells readline not to fall back to completing file names.
/// Also: nothing is appended after a completed name (a '(' or an operator usually follows).
static inline void symdiff_readline_no_default_completion(void) {
    rl_attempted_completion_over = 1;
    rl_completion_append_character = '\0';
}

/// The newest history line, or NULL when the history is empty.
static inline const char *symdiff_history_last(void) {
    if (history_length <= 0) return NULL;
    HIST_ENTRY *entry = history_get(history_base + history_length - 1);
    return entry ? entry->line : NULL;
}
