package io.cronlog.devkube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fabric8 CRUD mock's store, plus what controllers rely on that the mock lacks: a conflict on a
 * status update with a stale resourceVersion, merge and strategic merge patches, the pruning of
 * fields a CRD's schema does not declare, told as the request's fieldValidation asks ({@link
 * UnknownFields}), CRD schema defaults and validation ({@link Admission}), a new resourceVersion on
 * deletion, creation times from this API's clock, the status subresource for the built-ins that
 * have one, CRDs that report Established, a refusal of server-side dry run, and watches fed from
 * {@link WatchHub}.
 *
 * <p>Concurrency: reads of many objects go straight to the mock, which guards its map with a
 * read-write lock; a read of one object asks the index by name, which each change updates under the
 * index's own lock. Every change and every watch registration holds {@code writes}, so a
 * read-modify-write (a patch, a status update's version check) is atomic and a new watch sees each
 * change exactly once.
 */
final class CrudStore extends KubernetesCrudDispatcher {

  static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final String JSON = "application/json";
  private static final String JSON_PATCH = "application/json-patch+json";
  private static final List<String> PATCH_TYPES =
      List.of(JSON_PATCH, "application/merge-patch+json", "application/strategic-merge-patch+json");

  private final WatchHub hub;
  private final Clock clock;
  private final Object writes = new Object();

  /** Used with {@code writes} held only. */
  private final Admission admission = new Admission();

  /** Used with {@code writes} held only. */
  private final GarbageCollector collector = new GarbageCollector();

  /**
   * The stored objects' keys by name, changed with the store: guarded by itself, which is held
   * around each change of the mock's map and each lookup, so a lookup never sees half a change.
   */
  private final StoredByName byName = new StoredByName();

  /** Used with {@code writes} held only: every caller writes. */
  private final CrdVersions crdVersions = new CrdVersions(this::list);

  /** Told of every change, with {@code writes} held; set before the API serves. */
  private Runnable onChange = () -> {};

  CrudStore(WatchHub hub, Clock clock) {
    this.hub = hub;
    this.clock = clock;
    // The mock keeps status apart from the main resource only for what it takes for a CRD.
    BuiltInResources.ALL.stream()
        .filter(ResourceType::statusSubresource)
        .forEach(
            t ->
                expectCustomResource(
                    new CustomResourceDefinitionContext.Builder()
                        .withGroup(t.group().isEmpty() ? null : t.group())
                        .withVersion(t.version())
                        .withPlural(t.plural())
                        .withKind(t.kind())
                        .withScope(t.namespaced() ? "Namespaced" : "Cluster")
                        .withStatusSubresource(true)
                        .build()));
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if (request.method() == HttpMethod.GET) {
      return EventLists.isEventList(request.getPath())
          ? listEvents(request)
          : super.dispatch(request);
    }
    synchronized (writes) {
      MockResponse answer = write(request);
      crdVersions.forgetIfWritten(request.getPath());
      if (request.method() == HttpMethod.DELETE && orphans(request)) {
        collector.orphan();
      }
      // After any write, not only a DELETE: removing the last finalizer deletes the object too.
      collector.collect(
          this::entries,
          uri -> {
            handleDelete(uri);
            crdVersions.forgetIfWritten(uri);
          });
      return answer;
    }
  }

  private List<Map.Entry<AttributeSet, String>> entries() {
    synchronized (map) {
      return map.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
  }

  /**
   * Whether a DELETE asks that the object's dependents be kept (kubectl's {@code
   * --cascade=orphan}).
   */
  private static boolean orphans(RecordedRequest request) {
    String uri = request.getPath();
    if (uri.contains("propagationPolicy=Orphan") || uri.contains("orphanDependents=true")) {
      return true;
    }
    String body = new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    try {
      JsonNode options = body.isBlank() ? Json.object() : Json.read(body);
      return "Orphan".equals(Json.text(options, "propagationPolicy"))
          || options.path("orphanDependents").asBoolean(false);
    } catch (JacksonException e) {
      return false;
    }
  }

  /** The stored object at a path (query ignored), if any. */
  Optional<String> find(String uri) {
    return Optional.ofNullable(findResource(getKey(uri))).map(Map.Entry::getValue);
  }

  /** Every stored object whose path matches the query of a list or watch request. */
  List<String> list(String uri) {
    AttributeSet query = getKey(uri);
    synchronized (map) {
      return map.entrySet().stream()
          .filter(e -> e.getKey().matches(query))
          .map(Map.Entry::getValue)
          .toList();
    }
  }

  /**
   * Opens a watch on the objects that a list at {@code uri} would return; on resume if watches are
   * suspended.
   */
  void watch(String uri, Long fromVersion, UnaryOperator<String> render, WatchStream stream) {
    if (hub.holdWhileSuspended(stream, () -> watch(uri, fromVersion, render, stream))) {
      return;
    }
    Optional<FieldSelector> fields = EventLists.watchSelection(uri);
    String query = fields.isPresent() ? FieldSelector.without(uri) : uri;
    WatchHub.Subscription subscription =
        fields
            .map(
                f ->
                    new WatchHub.Subscription(
                        getKey(query),
                        json -> f.matches(Json.read(json), FieldSelector.EVENT_FIELDS),
                        render,
                        stream))
            .orElseGet(() -> new WatchHub.Subscription(getKey(query), render, stream));
    synchronized (writes) {
      List<String> initial = fromVersion == null ? list(query) : List.of();
      hub.subscribe(subscription, fromVersion, initial);
    }
  }

  /**
   * A list of core/v1 Events: all of them from the mock, then the ones its field selector names
   * ({@link EventLists}); a selector that cannot be read is a 400, as from a real apiserver.
   */
  private MockResponse listEvents(RecordedRequest request) {
    String uri = request.getPath();
    Optional<String> selector = FieldSelector.of(uri);
    FieldSelector fields;
    try {
      fields = EventLists.listSelection(selector);
    } catch (IllegalArgumentException e) {
      return response(400, Statuses.status(400, "BadRequest", e.getMessage()));
    }
    MockResponse all =
        super.dispatch(
            selector.isEmpty()
                ? request
                : request(HttpMethod.GET, FieldSelector.without(uri), JSON, ""));
    if (all.code() != 200) {
      return all;
    }
    return response(200, EventLists.selected(all.getBody().readUtf8(), fields));
  }

  private MockResponse write(RecordedRequest request) {
    String uri = request.getPath();
    String body = new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    if (uri.contains("dryRun=")) {
      // Refused rather than ignored: the mock would store what the caller meant only to try.
      return response(
          400,
          Statuses.status(
              400,
              "BadRequest",
              "the dev Kubernetes API does not support server-side dry run; use --dry-run=client"));
    }
    try {
      return switch (request.method()) {
        case PUT -> put(uri, body);
        case PATCH -> patch(uri, request.getHeader("Content-Type"), body);
        case POST -> create(uri, body);
        // A DELETE's preconditions are ignored; its propagationPolicy chooses whether dispatch
        // collects.
        default -> super.dispatch(request);
      };
    } catch (JacksonException e) {
      return response(
          400,
          Statuses.status(
              400, "BadRequest", "the request body is not JSON: " + e.getOriginalMessage()));
    }
  }

  private MockResponse create(String uri, String body) {
    return decoded(uri, body, UnknownFields.Write.CREATE, object -> store(uri, object));
  }

  private MockResponse store(String uri, String body) {
    String defaulted = withDefaults(uri, body);
    Optional<MockResponse> refused = admit(uri, defaulted, false);
    if (refused.isPresent()) {
      return refused.get();
    }
    MockResponse created = handleCreate(request(HttpMethod.POST, uri, JSON, defaulted));
    if (created.code() != 201) {
      return created;
    }
    JsonNode object = Json.read(created.getBody().readUtf8());
    String name = Json.text(object, "metadata", "name");
    String stored = pathOf(uri) + "/" + name;
    if (ResourcePath.parse(pathOf(uri)).filter(CrudStore::isCrd).isPresent()) {
      establish(object);
    }
    // The stored object, not the mock's answer: processEvent stamped it with our clock.
    return handleGet(stored).setResponseCode(201);
  }

  private MockResponse put(String uri, String body) {
    return decoded(uri, body, UnknownFields.Write.UPDATE, object -> update(uri, object));
  }

  private MockResponse update(String uri, String body) {
    if (pathOf(uri).endsWith("/status")) {
      // The mock checks the version of the object it builds, which it copies from the stored one.
      String sent = Json.text(Json.read(body), "metadata", "resourceVersion");
      Optional<String> stored =
          find(uri).map(s -> Json.text(Json.read(s), "metadata", "resourceVersion"));
      if (sent != null && !sent.isEmpty() && stored.isPresent() && !sent.equals(stored.get())) {
        return response(409, Statuses.conflict(ResourcePath.parse(pathOf(uri)).orElseThrow()));
      }
    }
    String object = withDefaults(uri, body);
    return admit(uri, object, true)
        .orElseGet(() -> handleUpdate(request(HttpMethod.PUT, uri, JSON, object)));
  }

  private MockResponse patch(String uri, String contentType, String body) {
    String type = contentType == null ? "" : contentType.split(";")[0].trim();
    if (!PATCH_TYPES.contains(type)) {
      return response(
          415,
          Statuses.status(
              415,
              "UnsupportedMediaType",
              "the dev Kubernetes API supports JSON "
                  + "patch, merge patch and strategic merge patch, not "
                  + type
                  + " (server-side apply)"));
    }
    Optional<String> current = find(uri);
    if (current.isEmpty()) {
      return new MockResponse().setResponseCode(404);
    }
    JsonNode target = Json.read(current.get());
    JsonNode patch = Json.read(body);
    JsonNode patched;
    try {
      patched =
          switch (type) {
            case JSON_PATCH -> JsonPatch.apply(patch, target);
            case "application/merge-patch+json" -> MergePatch.json(target, patch);
            default -> MergePatch.strategic(target, patch);
          };
    } catch (RuntimeException e) {
      return response(
          422, Statuses.status(422, "Invalid", "the patch cannot be applied: " + e.getMessage()));
    }
    // As a full update, so a patch gets the same version check, status rule and defaults as a PUT.
    Optional<CrdVersion> crd = crdVersions.of(uri);
    if (crd.isEmpty()) {
      return update(uri, Json.write(patched));
    }
    List<String> patchErrors =
        type.equals(JSON_PATCH) ? UnknownFields.ofJsonPatch(patch) : List.of();
    return proceed(
        UnknownFields.ofPatch(uri, crd.get(), patched, patchErrors), object -> update(uri, object));
  }

  /**
   * Hands the body of a create or update to {@code store}: as sent for a built-in kind, which has
   * no schema here; for a custom resource as the API server decodes it, pruned, unless the
   * request's fieldValidation refuses it ({@link UnknownFields}).
   */
  private MockResponse decoded(
      String uri, String body, UnknownFields.Write write, Function<String, MockResponse> store) {
    Optional<CrdVersion> crd = crdVersions.of(uri);
    if (crd.isEmpty()) {
      return store.apply(body);
    }
    return proceed(UnknownFields.ofBody(write, uri, crd.get(), Json.read(body)), store);
  }

  /**
   * Stores a decoded custom resource, or answers its refusal; with the decoding's warnings either
   * way.
   */
  private static MockResponse proceed(
      UnknownFields.Decoded decoded, Function<String, MockResponse> store) {
    MockResponse answer =
        decoded
            .refusal()
            .map(refusal -> response(refusal.code(), refusal.body()))
            .orElseGet(() -> store.apply(Json.write(decoded.object())));
    decoded
        .warnings()
        .forEach(warning -> answer.addHeader(WarningHeader.NAME, WarningHeader.of(warning)));
    return answer;
  }

  /**
   * The body with its CRD's schema defaults filled in; unchanged for built-ins and bodies that are
   * not JSON objects.
   */
  private String withDefaults(String uri, String body) {
    Optional<CrdVersion> crd = crdVersions.of(uri);
    if (crd.isEmpty()) {
      return body;
    }
    JsonNode object;
    try {
      object = Json.read(body);
    } catch (JacksonException e) {
      return body; // the mock answers an unreadable body with its own error
    }
    SchemaDefaults.apply(crd.get().schema(), object);
    return Json.write(object);
  }

  /**
   * A 422 Invalid for a write that a real API server would refuse: a custom resource its CRD's
   * schema refuses, or a CRD with a rule or keyword this API cannot enforce. Empty for the rest.
   *
   * @param update whether the write updates the object at {@code uri} (else it creates one)
   */
  private Optional<MockResponse> admit(String uri, String body, boolean update) {
    Optional<ResourcePath> path = ResourcePath.parse(pathOf(uri));
    JsonNode object;
    try {
      object = Json.read(body);
    } catch (JacksonException e) {
      return Optional.empty();
    }
    if (path.isEmpty() || !object.isObject()) {
      return Optional.empty();
    }
    if (CrdVersions.isCrdType(path.get()) && !path.get().isStatus()) {
      List<FieldError> problems = admission.crdProblems(object);
      return problems.isEmpty()
          ? Optional.empty()
          : Optional.of(
              response(
                  422,
                  FieldError.invalidStatus(
                      "CustomResourceDefinition",
                      "apiextensions.k8s.io",
                      Json.text(object, "metadata", "name"),
                      problems)));
    }
    Optional<CrdVersion> crd = crdVersions.of(path.get());
    if (crd.isEmpty()) {
      return Optional.empty();
    }
    // What is stored at the object's own path: a create's path is its collection's, which names
    // no one object.
    JsonNode stored = update ? find(uri).map(Json::read).orElse(null) : null;
    return admission
        .refusal(
            crd.get().kind(),
            crd.get().group(),
            crd.get().schema(),
            crd.get().key(),
            asStored(path.get(), object, stored, crd.get().statusSubresource()),
            stored)
        .map(status -> response(422, status));
  }

  /**
   * The object as this write would store it, which is what the API server validates: with a status
   * subresource, a write to the object keeps the stored status and a write to status keeps the
   * rest.
   *
   * @param stored the object as stored before the write; null for a create
   */
  private static JsonNode asStored(
      ResourcePath path, JsonNode written, JsonNode stored, boolean statusSubresource) {
    if (!statusSubresource) {
      return written;
    }
    ObjectNode result =
        (ObjectNode) (path.isStatus() && stored != null ? stored : written).deepCopy();
    JsonNode status =
        path.isStatus() ? written.get("status") : stored == null ? null : stored.get("status");
    if (status == null) {
      result.remove("status");
    } else {
      result.set("status", status);
    }
    return result;
  }

  /** A real apiserver marks a CRD Established once its names are accepted; tools wait for it. */
  private void establish(JsonNode crd) {
    handleUpdate(
        request(
            HttpMethod.PUT,
            CRDS + "/" + Json.text(crd, "metadata", "name") + "/status",
            JSON,
            Json.write(CrdEstablishment.established(crd, clock.instant()))));
  }

  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * Has {@code listener} told of every change from now on; it runs with the store's write lock
   * held.
   */
  void onChange(Runnable listener) {
    onChange = listener;
  }

  /**
   * Every stored object with the collection it belongs to, and a resourceVersion above all handed
   * out.
   */
  StoreSnapshot.Contents contents() {
    List<Map.Entry<AttributeSet, String>> stored;
    long version;
    synchronized (writes) {
      // Only the copy holds the lock: writes wait for it, not for the parsing below.
      stored = entries();
      version = requestResourceVersion();
    }
    return new StoreSnapshot.Contents(
        version,
        stored.stream()
            .map(
                e -> {
                  JsonNode object = Json.read(e.getValue());
                  return new StoreSnapshot.Entry(
                      ResourcePath.collectionOf(e.getKey(), object), object);
                })
            .toList());
  }

  /**
   * Puts back what {@link #contents()} saved, as stored: uids, creation times and resourceVersions
   * stay, and versions handed out from now on are above the saved one. Before the API serves: no
   * watch sees these as changes, and one resuming from an older version is answered 410.
   */
  void restore(StoreSnapshot.Contents contents) {
    synchronized (writes) {
      // CRDs first: the mock learns from each which of its resources have a status subresource.
      List<StoreSnapshot.Entry> ordered =
          contents.entries().stream()
              .sorted(
                  Comparator.comparing(
                      e ->
                          !CrdVersions.isCrdType(ResourcePath.parse(e.collection()).orElseThrow())))
              .toList();
      for (StoreSnapshot.Entry entry : ordered) {
        String json = Json.write(entry.object());
        GenericKubernetesResource resource =
            Json.KUBERNETES.unmarshal(json, GenericKubernetesResource.class);
        // The mock's own storing, without this store's stamping of a creation time or its watch
        // feed.
        AttributeSet pathAttributes = getKey(entry.collection());
        synchronized (byName) {
          super.processEvent(entry.collection(), pathAttributes, null, resource, json);
          byName.replaced(null, storedKey(pathAttributes, resource, json));
        }
      }
      long version = requestResourceVersion();
      while (version < contents.resourceVersion()) {
        version = requestResourceVersion();
      }
      hub.startAfter(version);
    }
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    String existing = oldAttributes == null ? null : map.get(oldAttributes);
    if (existing == null && resource != null && newState != null) {
      // A create: the mock stamps the wall clock; ages in Tables and tests need this API's clock.
      resource.getMetadata().setCreationTimestamp(now());
      // The mock numbers uids from 1 in each JVM; objects kept across runs (and a trail on Kafka
      // that outlives them) need uids no other run hands out, as a cluster's are.
      resource.getMetadata().setUid(UUID.randomUUID().toString());
      newState = Serialization.asJson(resource);
    }
    AttributeSet newAttributes =
        newState == null ? null : storedKey(pathAttributes, resource, newState);
    synchronized (byName) {
      super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
      byName.replaced(oldAttributes, newAttributes);
    }
    if (Objects.equals(existing, newState)) {
      return;
    }
    onChange.run();
    if (newState == null) {
      collector.deleted(existing);
      // The mock deletes without a new version; watchers resuming from a list need one.
      long version = requestResourceVersion();
      ObjectNode deleted = (ObjectNode) Json.read(existing);
      ((ObjectNode) deleted.path("metadata")).put("resourceVersion", String.valueOf(version));
      hub.publish(new Change(version, oldAttributes, Json.write(deleted), null, null));
      return;
    }
    String version = Json.text(Json.read(newState), "metadata", "resourceVersion");
    hub.publish(
        new Change(
            version == null ? 0 : Long.parseLong(version),
            oldAttributes,
            existing,
            newAttributes,
            newState));
  }

  /**
   * The key under which the mock's {@code processEvent} stores {@code newState}, as it makes it.
   */
  private AttributeSet storedKey(
      AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
    KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
    AttributeSet attributes =
        resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
    return attributes.containsKey(KubernetesAttributesExtractor.PLURAL)
        ? attributes
        : AttributeSet.merge(pathAttributes, attributes);
  }

  /** One object by its key, from the index: the mock would match every stored object instead. */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    List<Map.Entry<AttributeSet, String>> found = fromIndex(query);
    if (found == null) {
      return super.findResource(query);
    }
    return found.isEmpty() ? null : found.get(0);
  }

  /** A GET of one object from the index, answered as the mock answers it; others as the mock. */
  @Override
  public MockResponse handleGet(String path) {
    List<Map.Entry<AttributeSet, String>> found =
        path.contains("watch=") ? null : fromIndex(attributeExtractor.fromPath(path));
    if (found == null) {
      return super.handleGet(path);
    }
    return found.isEmpty()
        ? new MockResponse().setResponseCode(404)
        : new MockResponse().setResponseCode(200).setBody(found.get(0).getValue());
  }

  /**
   * The stored object {@code query} names, or none, from the index; null where only the mock's scan
   * answers as the mock does: a query for many, or one several stored objects answer, which the
   * scan orders by storing time.
   */
  private List<Map.Entry<AttributeSet, String>> fromIndex(AttributeSet query) {
    Optional<List<Map.Entry<AttributeSet, String>>> found;
    synchronized (byName) {
      found = byName.matching(query, map);
    }
    return found.filter(matches -> matches.size() <= 1).orElse(null);
  }

  @Override
  public void reset() {
    synchronized (byName) {
      super.reset();
      byName.clear();
    }
  }

  private static boolean isCrd(ResourcePath path) {
    return CrdVersions.isCrdType(path) && path.isCollection();
  }

  static String pathOf(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }

  /** A request as the mock's handlers take it. */
  static RecordedRequest request(HttpMethod method, String uri, String contentType, String body) {
    return new RecordedRequest(
        "HTTP/1.1",
        method,
        uri,
        Headers.builder().add("Content-Type", contentType).build(),
        new Buffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static MockResponse response(int code, String body) {
    return new MockResponse().setResponseCode(code).setBody(body);
  }
}
