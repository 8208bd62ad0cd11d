package io.emovox.analysis;

import java.util.List;

/**
 * What stage 2, plan ({@link PlanStage}), decided: the stretches scored one by one, and whether
 * the whole-input result comes from them.
 *
 * @param stretches  by start time (then speaker); empty when the whole input is scored as one
 * @param bySegments true for segments granularity or any speakers: the whole-input result is the
 *                   duration-weighted mean of the stretches (the whole input when none was found)
 * @param mixedPass  voice activity segments scored only to check whether an utterance result hides a
 *                   mixed recording ({@link MixedCheck}); empty unless the granularity is utterance
 *                   and the input at least {@value MixedCheck#UTTERANCE_PASS_MIN_SECONDS} s long
 * @param warnings   the decode stage's warnings, plus {@code no_speech} when segments were wanted
 *                   and none was found
 */
record ScoringPlan(List<Stretch> stretches, boolean bySegments, List<Stretch> mixedPass,
                   List<AnalysisWarning> warnings) {
    ScoringPlan {
        stretches = List.copyOf(stretches);
        mixedPass = List.copyOf(mixedPass);
        warnings = List.copyOf(warnings);
    }
}
