package io.msap.release;

import io.msap.shared.MsapException;
import io.msap.shared.Texts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a deploy's {@code deploymentStrategy} against the manual's rules and turns it into how the deploy goes out:
 * {@link ChangeParams.Batches} and, for a gray release, its rule in a normal form (stored with the change order and
 * shown by getChangeOrderInfo). Routing live traffic by the rule is not done here: the gray pods carry the rule's tag
 * ({@code msap.io/gray-tag}) for a router that reads it.
 */
final class DeployStrategies {

    /** The tag gray pods carry when a gray release gives no rule. */
    static final String DEFAULT_GRAY_TAG = "gray";

    private static final Pattern LABEL_VALUE = Pattern.compile("^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
    private static final Set<String> CONDS = Set.of("=", "!=", ">", "<", ">=", "<=", "%", "in", "mod", "regex");
    private static final Set<String> OPERATORS = Set.of("=", "!=", ">", "<", ">=", "<=");
    private static final Set<String> HTTP_PLACES = Set.of("cookie", "header", "param", "body");
    private static final Map<String, String> SERVICE_TYPES = Map.of("springcloud", "springCloud", "dubbo", "dubbo");
    private static final String FIELD = "deploymentStrategy";

    private DeployStrategies() {}

    /** How a deploy goes out: its batches (null: one rolling update) and its gray rule in normal form (or null). */
    record Strategy(ChangeParams.Batches batches, GrayRuleView grayRule) {

        static final Strategy ROLLING = new Strategy(null, null);
    }

    /** A gray rule as stored and shown. */
    record GrayRuleView(String grayType, List<PercentView> percent, ContentView content) {}

    record PercentView(int rate, String tag) {}

    record ContentView(boolean carryData, String ruleName, List<RuleView> rules, String tag) {}

    record RuleView(String serviceType, String path, String condition, List<ConditionView> conditions) {}

    record ConditionView(
            String cond, String value, String type, String param, Integer index, String expr, String operator) {}

    static Strategy of(DeployRequests.DeploymentStrategy strategy, int podNum) {
        if (strategy == null) {
            return Strategy.ROLLING;
        }
        boolean gray = Boolean.TRUE.equals(strategy.grayUpdate());
        if (strategy.grayRule() != null && !gray) {
            throw MsapException.badField(FIELD + ".grayRule", "release.gray.ruleWithoutGray");
        }
        List<Integer> sizes = sizes(strategy.batchList(), podNum);
        if (gray) {
            if (podNum < 1) {
                throw MsapException.badField("podNum", "release.gray.noPods");
            }
            if (sizes.isEmpty()) {
                // one gray pod, then the rest
                sizes = podNum == 1 ? List.of(1) : List.of(1, podNum - 1);
            }
        } else if (sizes.size() <= 1) {
            // one batch is one rolling update
            return Strategy.ROLLING;
        }
        boolean manual = strategy.betweenBatchProcessingMode() != DeployRequests.BatchMode.AUTO;
        int wait = manual || strategy.batchWaitTime() == null ? 0 : strategy.batchWaitTime();
        GrayRuleView rule = gray && strategy.grayRule() != null ? rule(strategy.grayRule()) : null;
        String tag = gray ? tag(rule) : null;
        return new Strategy(new ChangeParams.Batches(List.copyOf(sizes), manual, wait, tag), rule);
    }

    private static List<Integer> sizes(List<DeployRequests.Batch> batchList, int podNum) {
        if (batchList == null || batchList.isEmpty()) {
            return List.of();
        }
        List<DeployRequests.Batch> sorted = new ArrayList<>(batchList);
        sorted.sort(Comparator.comparingInt(DeployRequests.Batch::batchSeq));
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).batchSeq() != i + 1) {
                throw MsapException.badField(FIELD + ".batchList", "release.batches.seq", sorted.size());
            }
        }
        List<Integer> sizes = sorted.stream().map(DeployRequests.Batch::instNum).toList();
        int total = sizes.stream().mapToInt(Integer::intValue).sum();
        if (total != podNum) {
            throw MsapException.badField(FIELD + ".batchList", "release.batches.sum", total, podNum);
        }
        return sizes;
    }

    private static String tag(GrayRuleView rule) {
        if (rule == null) {
            return DEFAULT_GRAY_TAG;
        }
        return "PERCENT".equals(rule.grayType())
                ? rule.percent().get(0).tag()
                : rule.content().tag();
    }

    private static GrayRuleView rule(DeployRequests.GrayRule rule) {
        String field = FIELD + ".grayRule";
        if (rule.grayType() == DeployRequests.GrayType.PERCENT) {
            if (rule.percent() == null || rule.percent().isEmpty()) {
                throw MsapException.badField(field + ".percent", "error.field.required");
            }
            List<PercentView> percent = new ArrayList<>();
            int sum = 0;
            for (int i = 0; i < rule.percent().size(); i++) {
                DeployRequests.GrayPercent p = rule.percent().get(i);
                String tag = label(field + ".percent[" + i + "].tag", p.tag());
                if (!percent.isEmpty() && !percent.get(0).tag().equals(tag)) {
                    throw MsapException.badField(field + ".percent[" + i + "].tag", "release.gray.oneTag");
                }
                sum += p.rate();
                percent.add(new PercentView(p.rate(), tag));
            }
            if (sum > 100) {
                throw MsapException.badField(field + ".percent", "release.gray.rateSum", sum);
            }
            return new GrayRuleView("PERCENT", List.copyOf(percent), null);
        }
        DeployRequests.GrayContent content = rule.content();
        if (content == null) {
            throw MsapException.badField(field + ".content", "error.field.required");
        }
        String tag = label(field + ".content.tag", content.tag());
        List<RuleView> rules = new ArrayList<>();
        for (int r = 0; r < content.rules().size(); r++) {
            rules.add(contentRule(
                    field + ".content.rules[" + r + "]", content.rules().get(r)));
        }
        return new GrayRuleView(
                "CONTENT",
                null,
                new ContentView(
                        Boolean.TRUE.equals(content.carryData()),
                        Texts.trimToNull(content.ruleName()),
                        List.copyOf(rules),
                        tag));
    }

    private static RuleView contentRule(String field, DeployRequests.GrayContentRule rule) {
        String serviceType = SERVICE_TYPES.get(rule.serviceType().trim().toLowerCase(Locale.ROOT));
        if (serviceType == null) {
            throw MsapException.badField(field + ".serviceType", "error.field.enum", "springCloud, dubbo");
        }
        String condition = rule.condition().trim().toUpperCase(Locale.ROOT);
        if (!condition.equals("AND") && !condition.equals("OR")) {
            throw MsapException.badField(field + ".condition", "error.field.enum", "AND, OR");
        }
        boolean spring = serviceType.equals("springCloud");
        String path = Texts.trimToNull(rule.path());
        if (spring) {
            if (path == null) {
                throw MsapException.badField(field + ".path", "release.gray.springCloudNeeds");
            }
            if (!path.startsWith("/")) {
                throw MsapException.badField(field + ".path", "release.gray.path");
            }
        }
        List<ConditionView> conditions = new ArrayList<>();
        for (int c = 0; c < rule.conditions().size(); c++) {
            conditions.add(condition(
                    field + ".conditions[" + c + "]", rule.conditions().get(c), spring));
        }
        return new RuleView(serviceType, spring ? path : null, condition, List.copyOf(conditions));
    }

    private static ConditionView condition(String field, DeployRequests.GrayCondition condition, boolean spring) {
        String cond = condition.cond().trim();
        if (!CONDS.contains(cond)) {
            throw MsapException.badField(field + ".cond", "error.field.enum", "=, !=, >, <, >=, <=, %, in, mod, regex");
        }
        String value = condition.value() == null ? null : condition.value().trim();
        if (value == null || value.isEmpty()) {
            throw MsapException.badField(field + ".value", "error.field.required");
        }
        String operator = Texts.trimToNull(condition.operator());
        if (cond.equals("mod")) {
            if (operator == null) {
                throw MsapException.badField(field + ".operator", "release.gray.modNeedsOperator");
            }
            if (!OPERATORS.contains(operator)) {
                throw MsapException.badField(field + ".operator", "error.field.enum", "=, !=, >, <, >=, <=");
            }
        } else {
            operator = null;
        }
        if (cond.equals("in")
                && java.util.Arrays.stream(value.split(",")).map(String::trim).anyMatch(String::isEmpty)) {
            throw MsapException.badField(field + ".value", "release.gray.inList");
        }
        if (cond.equals("regex")) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw MsapException.badField(field + ".value", "release.gray.regex");
            }
        }
        if (spring) {
            String type = Texts.trimToNull(condition.type());
            if (type == null) {
                throw MsapException.badField(field + ".type", "release.gray.springCloudNeeds");
            }
            type = type.toLowerCase(Locale.ROOT);
            if (!HTTP_PLACES.contains(type)) {
                throw MsapException.badField(field + ".type", "error.field.enum", "cookie, header, param, body");
            }
            String param = Texts.trimToNull(condition.param());
            if (param == null) {
                throw MsapException.badField(field + ".param", "release.gray.springCloudNeeds");
            }
            return new ConditionView(cond, value, type, param, null, null, operator);
        }
        if (condition.index() == null) {
            throw MsapException.badField(field + ".index", "release.gray.dubboNeeds");
        }
        String expr = Texts.trimToNull(condition.expr());
        if (expr == null) {
            throw MsapException.badField(field + ".expr", "release.gray.dubboNeeds");
        }
        return new ConditionView(cond, value, null, null, condition.index(), expr, operator);
    }

    private static String label(String field, String tag) {
        String value = tag.trim();
        if (!LABEL_VALUE.matcher(value).matches()) {
            throw MsapException.badField(field, "release.gray.tag");
        }
        return value;
    }
}
