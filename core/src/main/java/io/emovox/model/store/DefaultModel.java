package io.emovox.model.store;

/**
 * The model every command uses when none is named ({@code analyze}, {@code listen}, {@code serve},
 * {@code evaluate}, Spark), and why. Decided in one place: {@link ModelStore#defaultModel()}.
 *
 * <p>The rule: the model chosen with {@code emovox model default NAME}; when nothing was chosen,
 * the built-in model. Importing a model never changes the default, so results never change
 * silently.
 *
 * @param name   {@code builtin} or an installed model's name
 * @param chosen whether the user chose it ({@code emovox model default}); false: nothing chosen,
 *               so the built-in model
 */
public record DefaultModel(String name, boolean chosen) {
    /** Why this model is the default, for {@code model list} and messages. */
    public String reason() {
        return chosen ? "chosen with 'emovox model default'"
                : "nothing chosen, so the built-in model; 'emovox model default NAME' changes it";
    }
}
