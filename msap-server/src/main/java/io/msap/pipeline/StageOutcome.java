package io.msap.pipeline;

import java.util.Map;

/**
 * What a stage run came to: succeeded with its outputs (strings by name, e.g. {@code packageFile} and {@code sha256}
 * of CODE_BUILD, read by the next stages), or failed with a reason the user can act on.
 */
record StageOutcome(boolean succeeded, Map<String, String> outputs, String reason) {

    StageOutcome {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    static StageOutcome succeeded(Map<String, String> outputs) {
        return new StageOutcome(true, outputs, null);
    }

    static StageOutcome failed(String reason) {
        return new StageOutcome(false, Map.of(), reason);
    }
}
