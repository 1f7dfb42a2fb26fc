package io.cronlog.executor.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestKindTest {

  @ParameterizedTest(name = "{0} {1} is {2}")
  @CsvSource({
    // Events of either API group, any verb, namespaced or not.
    "POST,   /api/v1/namespaces/team-a/events,                            EVENT",
    "PATCH,  /api/v1/namespaces/team-a/events/hello.17a2,                 EVENT",
    "GET,    /api/v1/events?watch=true,                                   EVENT",
    "POST,   /apis/events.k8s.io/v1/namespaces/team-a/events,             EVENT",
    // Status writes, whatever the object.
    "PUT,    /apis/cronlog.io/v1/namespaces/team-a/scheduledjobs/hello/status, STATUS_WRITE",
    "PATCH,  /apis/batch/v1/namespaces/team-a/jobs/hello-1/status,        STATUS_WRITE",
    "PUT,    /api/v1/namespaces/team-a/status,                            STATUS_WRITE",
    // The rest: served first.
    "POST,   /apis/batch/v1/namespaces/team-a/jobs,                       OTHER",
    "GET,    /apis/cronlog.io/v1/namespaces/team-a/scheduledjobs/hello,   OTHER",
    "GET,    /apis/cronlog.io/v1/namespaces/team-a/scheduledjobs/hello/status, OTHER",
    "DELETE, /apis/batch/v1/namespaces/team-a/jobs/hello-1,               OTHER",
    "GET,    /apis/batch/v1/jobs?watch=true,                              OTHER",
    "GET,    /api,                                                        OTHER",
    "GET,    /apis/batch/v1,                                              OTHER",
    "GET,    /version,                                                    OTHER",
    // Names that look like what they are not.
    "PUT,    /apis/batch/v1/namespaces/team-a/jobs/status,                OTHER",
    "POST,   /apis/batch/v1/namespaces/events/jobs,                       OTHER",
    "PUT,    /apis/batch/v1/namespaces/events/jobs/events,                OTHER",
    "POST,   /apis/example.com/v1/namespaces/team-a/events,               OTHER",
    // Behind a proxy's path prefix.
    "POST,   /k8s/clusters/c-1/api/v1/namespaces/team-a/events,           EVENT",
    "PUT,    /k8s/clusters/c-1/apis/batch/v1/namespaces/a/jobs/j/status,  STATUS_WRITE",
  })
  void classifiesARequestByItsVerbAndResourcePath(String method, String uri, RequestKind kind) {
    assertThat(RequestKind.of(method, URI.create("https://kube.example:6443" + uri)))
        .isEqualTo(kind);
  }
}
