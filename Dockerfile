# syntax=docker/dockerfile:1
# One image recipe for the three services: docker build --build-arg SERVICE=donation-service .
# Stage 1 builds with the Maven wrapper on JDK 25; stage 2 runs the service's runnable jar on a JRE.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY event-contracts event-contracts
COPY test-infrastructure test-infrastructure
COPY http-guard http-guard
COPY donation-service donation-service
COPY campaign-service campaign-service
COPY notification-service notification-service
COPY local-stack/pom.xml local-stack/pom.xml
COPY bench/pom.xml bench/pom.xml
ARG SERVICE
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests -pl ${SERVICE} -am package

FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 giving
ARG SERVICE
COPY --from=build /src/${SERVICE}/target/${SERVICE}-exec.jar /app/service.jar
USER giving
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
