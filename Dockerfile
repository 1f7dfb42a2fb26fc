# syntax=docker/dockerfile:1
# One image for the three services and the cronlog command line. The command picks the service:
#   docker run cronlog io.cronlog.watcher.Main      (or io.cronlog.scheduler.Main, io.cronlog.executor.Main)
#   docker run cronlog io.cronlog.cli.Cronlog next "*/5 * * * *"
# The services are configured by environment variables only; see deploy/base/config.yaml.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps Maven's downloads (and the wrapper's Maven) between builds. Tests run in
# CI, not here. -am builds only what the cli module, which holds all three services, needs.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw --batch-mode --no-transfer-progress -pl cli -am package -DskipTests

FROM eclipse-temurin:17-jre
# A fixed numeric id, so that Kubernetes can check runAsNonRoot; 1000 is taken by the base
# image's "ubuntu" user.
RUN groupadd --gid 10001 cronlog \
 && useradd --uid 10001 --gid 10001 --create-home --home-dir /home/cronlog --shell /usr/sbin/nologin cronlog
COPY --from=build /src/cli/target/lib/ /opt/cronlog/lib/
COPY --from=build /src/cli/target/cronlog-cli.jar /opt/cronlog/cronlog-cli.jar
COPY deploy/image/logback.xml /opt/cronlog/logback.xml
USER 10001:10001
WORKDIR /home/cronlog
# The heap follows the container's memory limit; set JAVA_TOOL_OPTIONS to change it.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0"
# Exec form: java is PID 1 and gets SIGTERM, so each service's shutdown hook runs. The java
# launcher itself expands lib/* (no shell is involved).
ENTRYPOINT ["java", "-Dlogback.configurationFile=/opt/cronlog/logback.xml", "-cp", "/opt/cronlog/cronlog-cli.jar:/opt/cronlog/lib/*"]
CMD ["io.cronlog.cli.Cronlog", "--help"]
