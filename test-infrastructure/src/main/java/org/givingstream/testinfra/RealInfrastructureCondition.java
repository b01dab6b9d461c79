package org.givingstream.testinfra;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/** Skips {@link RealInfrastructure} tests that asked for containers on a machine without Docker. */
final class RealInfrastructureCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!Infrastructure.containersRequested()) {
            return ConditionEvaluationResult.enabled("embedded infrastructure");
        }
        return DockerClientFactory.instance().isDockerAvailable()
                ? ConditionEvaluationResult.enabled("Docker is available for the kafka and mongo images")
                : ConditionEvaluationResult.disabled("-D" + Infrastructure.PROPERTY
                        + "=containers asks for real images, but no Docker engine is reachable");
    }
}
