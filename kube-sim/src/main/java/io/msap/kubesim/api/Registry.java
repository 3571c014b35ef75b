package io.msap.kubesim.api;

import io.msap.kubesim.json.Json;
import io.msap.kubesim.patch.JsonPatch;
import io.msap.kubesim.patch.ManagedFields;
import io.msap.kubesim.patch.MergePatch;
import io.msap.kubesim.patch.StrategicMergePatch;
import io.msap.kubesim.select.FieldSelector;
import io.msap.kubesim.select.LabelSelector;
import io.msap.kubesim.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API server's storage layer over the {@link ObjectStore}: create, get, list, update, patch (JSON, merge,
 * strategic, apply) and delete with the semantics clients rely on — uid, timestamps, generation, optimistic
 * locking, status kept apart from the main resource, namespaces that must exist, finalizers and deletion
 * propagation, managedFields. HTTP handlers and controllers both write through it. Every operation is atomic (it
 * holds the store's monitor).
 */
public final class Registry {
    /** The characters Kubernetes uses for generated name suffixes and hashes. */
    public static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> PROTECTED_NAMESPACES = Set.of("default", "kube-system", "kube-public");

    private final ObjectStore store;
    private final Admission admission;

    public Registry(ObjectStore store) {
        this.store = store;
        this.admission = new Admission(store);
    }

    public ObjectStore store() {
        return store;
    }

    /** One page of a list. */
    public record Page(List<ObjectNode> items, long resourceVersion, String continueToken, Long remaining) {}

    // ---------------------------------------------------------------- reads

    public ObjectNode get(ResourceType type, String namespace, String name) {
        ObjectNode o = store.get(type, namespace, name);
        if (o == null) {
            throw ApiException.notFound(type, name);
        }
        return o;
    }

    public ObjectNode find(ResourceType type, String namespace, String name) {
        return store.get(type, namespace, name);
    }

    public List<ObjectNode> list(ResourceType type, String namespace) {
        return store.list(type, namespace);
    }

    public Page list(
            ResourceType type,
            String namespace,
            LabelSelector labels,
            FieldSelector fields,
            long limit,
            String continueToken) {
        synchronized (store) {
            long rv = store.resourceVersion();
            String after = null;
            if (continueToken != null && !continueToken.isEmpty()) {
                try {
                    String decoded = new String(Base64.getUrlDecoder().decode(continueToken), StandardCharsets.UTF_8);
                    after = decoded.substring(decoded.indexOf(':') + 1);
                } catch (RuntimeException e) {
                    throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
                }
            }
            List<ObjectNode> matching = new ArrayList<>();
            for (ObjectNode o : store.list(type, namespace)) {
                if (after != null && sortKey(o).compareTo(after) <= 0) {
                    continue;
                }
                if (labels.matches(o) && fields.matches(o)) {
                    matching.add(o);
                }
            }
            if (limit > 0 && matching.size() > limit) {
                List<ObjectNode> page = new ArrayList<>(matching.subList(0, (int) limit));
                String last = sortKey(page.get(page.size() - 1));
                String token = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString((rv + ":" + last).getBytes(StandardCharsets.UTF_8));
                return new Page(page, rv, token, (long) (matching.size() - limit));
            }
            return new Page(matching, rv, null, null);
        }
    }

    private static String sortKey(ObjectNode o) {
        return Json.strOr(o, "", "metadata", "namespace") + "/" + Json.strOr(o, "", "metadata", "name");
    }

    // ---------------------------------------------------------------- create

    public ObjectNode create(ResourceType type, String namespace, ObjectNode body, Write w) {
        synchronized (store) {
            ObjectNode o = body.deepCopy();
            prepareCreate(type, namespace, o);
            ManagedFields.recordUpdate(null, o, w.manager(), null, type.apiVersion(), Instant.now());
            return commitCreate(type, o, w);
        }
    }

    private void prepareCreate(ResourceType type, String namespace, ObjectNode o) {
        ObjectNode meta = Json.with(o, "metadata");
        checkKind(type, o);
        if (type.namespaced()) {
            String bodyNs = Json.str(meta, "namespace");
            if (bodyNs != null && !bodyNs.isEmpty() && namespace != null && !bodyNs.equals(namespace)) {
                throw ApiException.badRequest(
                        "the namespace of the provided object does not match the namespace sent on the request");
            }
            String ns = namespace != null ? namespace : bodyNs;
            if (ns == null || ns.isEmpty()) {
                throw ApiException.badRequest("the namespace of the object is required");
            }
            meta.put("namespace", ns);
            ObjectNode nsObj = store.get(ResourceTypes.NAMESPACES, null, ns);
            if (nsObj == null) {
                throw ApiException.notFound(ResourceTypes.NAMESPACES, ns);
            }
            if (Json.at(nsObj, "metadata", "deletionTimestamp") != null) {
                throw ApiException.forbidden(
                        type,
                        Json.str(meta, "name"),
                        type.qualifiedName() + " \"" + Json.strOr(meta, "", "name") + "\" is forbidden: unable to"
                                + " create new content in namespace " + ns + " because it is being terminated");
            }
        } else {
            meta.remove("namespace");
        }
        String name = Json.str(meta, "name");
        if ((name == null || name.isEmpty()) && Json.str(meta, "generateName") != null) {
            String prefix = Json.str(meta, "generateName");
            do {
                name = prefix + randomSuffix(5);
            } while (store.exists(type, namespace, name));
            meta.put("name", name);
        }
        meta.remove("resourceVersion");
        meta.remove("deletionTimestamp");
        meta.remove("deletionGracePeriodSeconds");
        meta.remove("managedFields");
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", Json.time(Instant.now()));
        if (type.hasGeneration()) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
        if (Set.of("Deployment", "ReplicaSet", "Pod", "Service", "Namespace").contains(type.kind())) {
            o.remove("status");
        }
        if (type.kind().equals("Pod")) {
            ObjectNode status = Json.with(o, "status");
            status.put("phase", "Pending");
            status.put("qosClass", qosClass(o));
        }
    }

    private ObjectNode commitCreate(ResourceType type, ObjectNode o, Write w) {
        String name = Json.strOr(o, "", "metadata", "name");
        admission.defaults(type, o);
        admission.validate(type, o, null);
        if (store.exists(type, Json.str(o, "metadata", "namespace"), name)) {
            throw ApiException.alreadyExists(type, name);
        }
        if (type.kind().equals("Service")) {
            admission.allocate(o, null);
        }
        if (w.dryRun()) {
            return o;
        }
        return store.put(type, o);
    }

    private static void checkKind(ResourceType type, ObjectNode o) {
        String kind = Json.str(o, "kind");
        String apiVersion = Json.str(o, "apiVersion");
        if ((kind != null && !kind.equals(type.kind()))
                || (apiVersion != null && !apiVersion.equals(type.apiVersion()))) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion + ") does not match the expected"
                    + " API version (" + type.apiVersion() + ") or kind (" + kind + " vs " + type.kind() + ")");
        }
    }

    public static String randomSuffix(int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(ALPHANUMS.charAt(RANDOM.nextInt(ALPHANUMS.length())));
        }
        return sb.toString();
    }

    /** The QoS class of a pod from its containers' requests and limits. */
    static String qosClass(JsonNode pod) {
        boolean any = false;
        boolean guaranteed = true;
        for (JsonNode c : Json.items(pod, "spec", "containers")) {
            ObjectNode requests = Json.obj(c, "resources", "requests");
            ObjectNode limits = Json.obj(c, "resources", "limits");
            if ((requests != null && !requests.isEmpty()) || (limits != null && !limits.isEmpty())) {
                any = true;
            }
            for (String r : List.of("cpu", "memory")) {
                String l = Json.str(limits, r);
                String q = Json.str(requests, r);
                if (l == null || (q != null && !q.equals(l))) {
                    guaranteed = false;
                }
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }

    // ---------------------------------------------------------------- update (PUT)

    /** PUT of the main resource or (subresource "status") its status. */
    public ObjectNode update(
            ResourceType type, String namespace, String name, String subresource, ObjectNode body, Write w) {
        synchronized (store) {
            ObjectNode old = get(type, namespace, name);
            checkKind(type, body);
            String bodyName = Json.str(body, "metadata", "name");
            if (bodyName != null && !bodyName.equals(name)) {
                throw ApiException.badRequest(
                        "the name of the object (" + bodyName + ") does not match the name on the URL (" + name + ")");
            }
            String rv = Json.str(body, "metadata", "resourceVersion");
            if (rv != null && !rv.isEmpty() && !rv.equals(Json.str(old, "metadata", "resourceVersion"))) {
                throw ApiException.conflict(type, name);
            }
            return commitUpdate(type, old, body.deepCopy(), subresource, w, true);
        }
    }

    /**
     * Stores a new state of an existing object: keeps what the client may not change (identity, status on the main
     * resource, everything but status on /status), defaults, validates, bumps generation on spec changes, records
     * managedFields (unless {@code record} is false: an apply already did), finalizes deletions whose finalizers
     * are gone, and skips no-op writes.
     */
    private ObjectNode commitUpdate(
            ResourceType type, ObjectNode old, ObjectNode candidate, String subresource, Write w, boolean record) {
        ObjectNode result;
        if ("status".equals(subresource)) {
            result = old.deepCopy();
            JsonNode status = candidate.get("status");
            if (status == null || status.isNull()) {
                result.remove("status");
            } else {
                result.set("status", status.deepCopy());
            }
        } else {
            result = candidate;
            JsonNode status = old.get("status");
            if (status == null) {
                result.remove("status");
            } else {
                result.set("status", status.deepCopy());
            }
        }
        ObjectNode meta = Json.with(result, "metadata");
        ObjectNode oldMeta = Json.obj(old, "metadata");
        for (String keep : List.of(
                "name",
                "namespace",
                "uid",
                "creationTimestamp",
                "deletionTimestamp",
                "deletionGracePeriodSeconds",
                "generation",
                "resourceVersion")) {
            JsonNode v = oldMeta.get(keep);
            if (v == null) {
                meta.remove(keep);
            } else {
                meta.set(keep, v.deepCopy());
            }
        }
        if (record) {
            JsonNode mf = oldMeta.get("managedFields");
            if (mf == null) {
                meta.remove("managedFields");
            } else {
                meta.set("managedFields", mf.deepCopy());
            }
        }
        if (Json.at(oldMeta, "deletionTimestamp") != null) {
            // finalizers may only be removed from an object being deleted
            ArrayNode oldFinalizers = Json.arr(oldMeta, "finalizers");
            for (JsonNode f : Json.items(meta, "finalizers")) {
                boolean known = false;
                for (JsonNode of : Json.items(oldMeta, "finalizers")) {
                    known |= Json.same(of, f);
                }
                if (!known && oldFinalizers != null) {
                    throw ApiException.forbidden(
                            type,
                            Json.str(meta, "name"),
                            "no new finalizers can be added if the object is being deleted");
                }
            }
        }
        admission.defaults(type, result);
        admission.validate(type, result, old);
        if (type.kind().equals("Service")) {
            admission.allocate(result, old);
        }
        if (type.hasGeneration() && !Json.same(withoutMetaAndStatus(old), withoutMetaAndStatus(result))) {
            meta.put("generation", Json.num(old, 0, "metadata", "generation") + 1);
        }
        if (record) {
            ManagedFields.recordUpdate(old, result, w.manager(), subresource, type.apiVersion(), Instant.now());
        }
        if (Json.same(old, result)) {
            return old;
        }
        if (w.dryRun()) {
            return result;
        }
        if (Json.at(meta, "deletionTimestamp") != null
                && Json.items(meta, "finalizers").isEmpty()
                && !type.kind().equals("Namespace")) {
            return store.remove(type, Json.str(meta, "namespace"), Json.str(meta, "name"));
        }
        return store.put(type, result);
    }

    private static ObjectNode withoutMetaAndStatus(ObjectNode o) {
        ObjectNode c = o.deepCopy();
        c.remove("metadata");
        c.remove("status");
        c.remove("apiVersion");
        c.remove("kind");
        return c;
    }

    // ---------------------------------------------------------------- patch

    /**
     * PATCH of the main resource or its status. Apply patches ({@code application/apply-patch+yaml}) create the
     * object when it does not exist.
     */
    public ObjectNode patch(
            ResourceType type,
            String namespace,
            String name,
            String subresource,
            String contentType,
            JsonNode patch,
            Write w) {
        synchronized (store) {
            ObjectNode old = store.get(type, namespace, name);
            boolean apply = contentType.startsWith("application/apply-patch");
            if (apply) {
                if (w.manager() == null || w.manager().isEmpty()) {
                    throw ApiException.badRequest("PATCH /apply requires fieldManager");
                }
                if (!patch.isObject()) {
                    throw ApiException.badRequest("an apply patch must be an object");
                }
                if ("status".equals(subresource)) {
                    throw ApiException.methodNotAllowed("kube-sim does not support server-side apply on the status"
                            + " subresource; use a merge patch");
                }
                ObjectNode applied = (ObjectNode) patch;
                checkKind(type, applied);
                if (Json.str(applied, "apiVersion") == null || Json.str(applied, "kind") == null) {
                    throw ApiException.badRequest("apiVersion and kind are required in an apply patch");
                }
                String bodyName = Json.str(applied, "metadata", "name");
                if (bodyName != null && !bodyName.equals(name)) {
                    throw ApiException.badRequest("the name of the object (" + bodyName
                            + ") does not match the name on the URL (" + name + ")");
                }
                String rv = Json.str(applied, "metadata", "resourceVersion");
                if (rv != null && (old == null || !rv.equals(Json.str(old, "metadata", "resourceVersion")))) {
                    throw old == null ? ApiException.notFound(type, name) : ApiException.conflict(type, name);
                }
                try {
                    if (old == null) {
                        ObjectNode o = applied.deepCopy();
                        Json.with(o, "metadata").put("name", name);
                        prepareCreate(type, namespace, o);
                        ObjectNode merged =
                                ManagedFields.apply(null, o, w.manager(), w.force(), type.apiVersion(), Instant.now());
                        for (String k : List.of("uid", "creationTimestamp", "generation", "namespace")) {
                            JsonNode v = Json.at(o, "metadata", k);
                            if (v != null) {
                                Json.with(merged, "metadata").set(k, v);
                            }
                        }
                        if (o.has("status")) {
                            merged.set("status", o.get("status"));
                        }
                        return commitCreate(type, merged, w);
                    }
                    ObjectNode merged =
                            ManagedFields.apply(old, applied, w.manager(), w.force(), type.apiVersion(), Instant.now());
                    return commitUpdate(type, old, merged, null, w, false);
                } catch (ManagedFields.ConflictException e) {
                    List<ApiException.Cause> causes = new ArrayList<>();
                    for (ManagedFields.Conflict c : e.conflicts()) {
                        causes.add(new ApiException.Cause(
                                "FieldManagerConflict",
                                io.msap.kubesim.patch.FieldSet.describe(c.path()),
                                "conflict with \"" + c.manager() + "\" using " + c.apiVersion()));
                    }
                    throw ApiException.conflict(type, name, e.getMessage(), causes);
                }
            }
            if (old == null) {
                throw ApiException.notFound(type, name);
            }
            ObjectNode patched = applyPatch(old, contentType, patch);
            String rv = Json.str(patched, "metadata", "resourceVersion");
            if (rv != null && !rv.equals(Json.str(old, "metadata", "resourceVersion"))) {
                throw ApiException.conflict(type, name);
            }
            String patchedName = Json.str(patched, "metadata", "name");
            if (patchedName != null && !patchedName.equals(name)) {
                throw ApiException.badRequest(
                        "metadata.name: Invalid value: \"" + patchedName + "\": field is" + " immutable");
            }
            return commitUpdate(type, old, patched, subresource, w, true);
        }
    }

    static ObjectNode applyPatch(ObjectNode target, String contentType, JsonNode patch) {
        JsonNode result;
        if (contentType.startsWith("application/json-patch+json")) {
            result = JsonPatch.apply(target, patch);
        } else if (contentType.startsWith("application/merge-patch+json")) {
            result = MergePatch.apply(target, patch);
        } else if (contentType.startsWith("application/strategic-merge-patch+json")) {
            result = StrategicMergePatch.apply(target, patch);
        } else {
            throw ApiException.unsupportedMediaType(contentType);
        }
        if (!result.isObject()) {
            throw ApiException.badRequest("the patch did not produce an object");
        }
        return (ObjectNode) result;
    }

    // ---------------------------------------------------------------- scale subresource

    public ObjectNode getScale(ResourceType type, String namespace, String name) {
        return scaleOf(type, get(type, namespace, name));
    }

    private static ObjectNode scaleOf(ResourceType type, ObjectNode o) {
        ObjectNode s = Json.object();
        s.put("kind", "Scale");
        s.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = s.putObject("metadata");
        for (String k : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            JsonNode v = Json.at(o, "metadata", k);
            if (v != null) {
                meta.set(k, v);
            }
        }
        s.putObject("spec").put("replicas", Json.num(o, 1, "spec", "replicas"));
        ObjectNode status = s.putObject("status");
        status.put("replicas", Json.num(o, 0, "status", "replicas"));
        String selector = io.msap.kubesim.select.LabelSelector.fromObject(Json.at(o, "spec", "selector"))
                .toString();
        status.put("selector", selector);
        return s;
    }

    /** PUT (patch null) or PATCH of the scale subresource: changes spec.replicas only. */
    public ObjectNode updateScale(
            ResourceType type,
            String namespace,
            String name,
            ObjectNode body,
            String contentType,
            JsonNode patch,
            Write w) {
        synchronized (store) {
            ObjectNode old = get(type, namespace, name);
            ObjectNode scale = scaleOf(type, old);
            ObjectNode wanted = patch == null ? body : applyPatch(scale, contentType, patch);
            String rv = Json.str(wanted, "metadata", "resourceVersion");
            if (rv != null && !rv.isEmpty() && !rv.equals(Json.str(old, "metadata", "resourceVersion"))) {
                throw ApiException.conflict(type, name);
            }
            Long replicas = Json.num(wanted, "spec", "replicas");
            if (replicas == null || replicas < 0) {
                throw ApiException.invalid(
                        type,
                        name,
                        List.of(new ApiException.Cause(
                                "FieldValueInvalid",
                                "spec.replicas",
                                "Invalid value: " + replicas + ": must be greater than or equal to 0")));
            }
            ObjectNode updated = old.deepCopy();
            Json.with(updated, "spec").put("replicas", replicas);
            ObjectNode stored = commitUpdate(type, old, updated, null, w, true);
            return scaleOf(type, stored);
        }
    }

    // ---------------------------------------------------------------- delete

    public ObjectNode delete(ResourceType type, String namespace, String name, DeleteOptions opts) {
        synchronized (store) {
            ObjectNode old = get(type, namespace, name);
            if (opts.preconditionUid() != null && !opts.preconditionUid().equals(Json.str(old, "metadata", "uid"))) {
                throw ApiException.conflict(
                        type,
                        name,
                        "Precondition failed: UID in precondition: " + opts.preconditionUid() + ", UID in object meta: "
                                + Json.str(old, "metadata", "uid"),
                        List.of());
            }
            if (opts.preconditionResourceVersion() != null
                    && !opts.preconditionResourceVersion().equals(Json.str(old, "metadata", "resourceVersion"))) {
                throw ApiException.conflict(type, name);
            }
            if (opts.dryRun()) {
                return old;
            }
            if (type.kind().equals("Namespace")) {
                if (PROTECTED_NAMESPACES.contains(name)) {
                    throw ApiException.forbidden(
                            type, name, "namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
                }
                if (Json.at(old, "metadata", "deletionTimestamp") != null) {
                    return old;
                }
                ObjectNode terminating = old.deepCopy();
                Json.with(terminating, "metadata").put("deletionTimestamp", Json.time(Instant.now()));
                Json.with(terminating, "metadata").put("deletionGracePeriodSeconds", 0);
                Json.with(terminating, "status").put("phase", "Terminating");
                return store.put(type, terminating);
            }
            String uid = Json.str(old, "metadata", "uid");
            String policy = opts.propagationPolicy();
            if (policy.equals("Orphan")) {
                for (Dependent d : dependents(uid, Json.str(old, "metadata", "namespace"))) {
                    ObjectNode child = d.object().deepCopy();
                    ArrayNode refs = Json.arr(child, "metadata", "ownerReferences");
                    refs.removeIf(r -> uid.equals(Json.str(r, "uid")));
                    if (refs.isEmpty()) {
                        Json.obj(child, "metadata").remove("ownerReferences");
                    }
                    store.put(d.type(), child);
                }
            }
            ObjectNode updated = old.deepCopy();
            ObjectNode meta = Json.with(updated, "metadata");
            if (policy.equals("Foreground")
                    && !dependents(uid, Json.str(old, "metadata", "namespace")).isEmpty()) {
                ArrayNode finalizers = Json.withArray(meta, "finalizers");
                boolean present = false;
                for (JsonNode f : finalizers) {
                    present |= "foregroundDeletion".equals(f.asString());
                }
                if (!present) {
                    finalizers.add("foregroundDeletion");
                }
            }
            if (!Json.items(meta, "finalizers").isEmpty()) {
                if (meta.get("deletionTimestamp") == null) {
                    meta.put("deletionTimestamp", Json.time(Instant.now()));
                    meta.put("deletionGracePeriodSeconds", 0);
                }
                return Json.same(old, updated) ? old : store.put(type, updated);
            }
            return store.remove(type, namespace, name);
        }
    }

    /** DELETE of a collection: every object matching the selectors, each with the same options. */
    public List<ObjectNode> deleteCollection(
            ResourceType type, String namespace, LabelSelector labels, FieldSelector fields, DeleteOptions opts) {
        synchronized (store) {
            List<ObjectNode> out = new ArrayList<>();
            for (ObjectNode o : store.list(type, namespace)) {
                if (labels.matches(o) && fields.matches(o)) {
                    try {
                        out.add(delete(
                                type, Json.str(o, "metadata", "namespace"), Json.str(o, "metadata", "name"), opts));
                    } catch (ApiException e) {
                        if (e.code() != 404 && e.code() != 403) {
                            throw e;
                        }
                    }
                }
            }
            return out;
        }
    }

    /** An object that names another as its owner. */
    public record Dependent(ResourceType type, ObjectNode object) {}

    /** Objects whose ownerReferences name {@code uid} (in {@code namespace}, or anywhere when null). */
    public List<Dependent> dependents(String uid, String namespace) {
        synchronized (store) {
            List<Dependent> out = new ArrayList<>();
            for (ResourceType t : ResourceTypes.ALL) {
                for (ObjectNode o : store.list(t, t.namespaced() ? namespace : null)) {
                    for (JsonNode ref : Json.items(o, "metadata", "ownerReferences")) {
                        if (uid.equals(Json.str(ref, "uid"))) {
                            out.add(new Dependent(t, o));
                            break;
                        }
                    }
                }
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- for controllers

    /**
     * Read-modify-write of an object by a controller, atomically: {@code change} gets a copy of the current state
     * and returns the wanted one (or null for no change). Subresource "status" changes the status only. Returns the
     * stored state, or null when the object does not exist.
     */
    public ObjectNode modify(
            ResourceType type,
            String namespace,
            String name,
            String subresource,
            String manager,
            UnaryOperator<ObjectNode> change) {
        synchronized (store) {
            ObjectNode old = store.get(type, namespace, name);
            if (old == null) {
                return null;
            }
            ObjectNode wanted = change.apply(old.deepCopy());
            if (wanted == null) {
                return old;
            }
            return commitUpdate(type, old, wanted, subresource, Write.by(manager), true);
        }
    }

    /** Removes an object at once, whatever its finalizers (namespace and garbage collection cleanup). */
    public ObjectNode forceRemove(ResourceType type, String namespace, String name) {
        return store.remove(type, namespace, name);
    }
}
