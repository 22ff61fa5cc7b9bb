// GNU readline and its history library, for the interactive session, opened when the session
// starts rather than linked: a one-shot call then maps neither readline nor libtinfo and applies
// none of their relocations (a fifth of a millisecond of its start). The headers give the types
// and prototypes; every call goes through a pointer looked up by name. Also malloc_trim, with
// which the session gives back the memory of a stopped computation.
#include <stdio.h>
#include <malloc.h>
#include <dlfcn.h>
#include <readline/readline.h>
#include <readline/history.h>

/// The readline library, opened on first use; NULL when it is not installed.
static inline void *symdiff_readline_library(void) {
    static void *library = NULL;
    static int tried = 0;
    if (!tried) {
        tried = 1;
        library = dlopen("libreadline.so.8", RTLD_NOW | RTLD_GLOBAL);
        if (!library) library = dlopen("libreadline.so", RTLD_NOW | RTLD_GLOBAL);
    }
    return library;
}

/// True when readline could be opened (every other function here needs it).
static inline int symdiff_readline_available(void) {
    return symdiff_readline_library() != NULL;
}

/// A function or variable of readline, typed as its declaration in the headers.
#define SYMDIFF_RL(name) ((__typeof__(&name))dlsym(symdiff_readline_library(), #name))

/// Names the program, turns off readline's own signal handlers (the REPL handles Ctrl-C in its
/// loop) and installs the completion function with the characters that separate words.
static inline void symdiff_readline_configure(rl_completion_func_t *complete, const char *word_breaks) {
    *SYMDIFF_RL(rl_readline_name) = "symdiff";
    *SYMDIFF_RL(rl_catch_signals) = 0;
    *SYMDIFF_RL(rl_catch_sigwinch) = 1;
    *SYMDIFF_RL(rl_attempted_completion_function) = complete;
    *SYMDIFF_RL(rl_basic_word_break_characters) = (char *)word_breaks;
}

/// Tells readline not to fall back to completing file names.
/// Also: nothing is appended after a completed name (a '(' or an operator usually follows).
static inline void symdiff_readline_no_default_completion(void) {
    *SYMDIFF_RL(rl_attempted_completion_over) = 1;
    *SYMDIFF_RL(rl_completion_append_character) = '\0';
}

/// The newest history line, or NULL when the history is empty.
static inline const char *symdiff_history_last(void) {
    int length = *SYMDIFF_RL(history_length);
    if (length <= 0) return NULL;
    HIST_ENTRY *entry = SYMDIFF_RL(history_get)(*SYMDIFF_RL(history_base) + length - 1);
    return entry ? entry->line : NULL;
}

// The calls the session makes, each through readline's own entry point.
static inline void symdiff_rl_callback_handler_install(const char *prompt, rl_vcpfunc_t *handler) { SYMDIFF_RL(rl_callback_handler_install)(prompt, handler); }
static inline void symdiff_rl_callback_handler_remove(void) { SYMDIFF_RL(rl_callback_handler_remove)(); }
static inline void symdiff_rl_callback_read_char(void) { SYMDIFF_RL(rl_callback_read_char)(); }
static inline void symdiff_rl_callback_sigcleanup(void) { SYMDIFF_RL(rl_callback_sigcleanup)(); }
static inline void symdiff_rl_free_line_state(void) { SYMDIFF_RL(rl_free_line_state)(); }
static inline void symdiff_rl_replace_line(const char *text, int clear_undo) { SYMDIFF_RL(rl_replace_line)(text, clear_undo); }
static inline void symdiff_rl_crlf(void) { SYMDIFF_RL(rl_crlf)(); }
static inline void symdiff_rl_on_new_line(void) { SYMDIFF_RL(rl_on_new_line)(); }
static inline void symdiff_rl_redisplay(void) { SYMDIFF_RL(rl_redisplay)(); }
static inline char **symdiff_rl_completion_matches(const char *text, rl_compentry_func_t *entry) { return SYMDIFF_RL(rl_completion_matches)(text, entry); }
static inline void symdiff_using_history(void) { SYMDIFF_RL(using_history)(); }
static inline void symdiff_stifle_history(int max) { SYMDIFF_RL(stifle_history)(max); }
static inline int symdiff_read_history(const char *path) { return SYMDIFF_RL(read_history)(path); }
static inline void symdiff_add_history(const char *line) { SYMDIFF_RL(add_history)(line); }
static inline HIST_ENTRY **symdiff_history_list(void) { return SYMDIFF_RL(history_list)(); }
