package org.givingstream.httpguard;

import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Where a service serves its OpenAPI description (springdoc), every operation's errors are described as what they
 * are: RFC 9457 {@code application/problem+json} with a {@code type} of {@code urn:giving-stream:problem:<slug>}.
 * One place for the three services, as the problems themselves are made the same way in each.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class ProblemsInOpenApi {

    static final String PROBLEM_SCHEMA = "Problem";

    @Bean
    OpenApiCustomizer problemsInOpenApi() {
        return api -> {
            api.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
            Content problem = new Content()
                    .addMediaType(
                            "application/problem+json",
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA)));
            api.getPaths()
                    .values()
                    .forEach(path -> path.readOperations().forEach(operation -> {
                        operation
                                .getResponses()
                                .addApiResponse(
                                        "4XX",
                                        new ApiResponse()
                                                .description(
                                                        "Refused: an RFC 9457 problem whose type names the reason (bad input, missing or"
                                                                + " wrong credentials, unknown campaign, body too large, too many attempts)")
                                                .content(problem));
                        operation
                                .getResponses()
                                .addApiResponse(
                                        "5XX",
                                        new ApiResponse()
                                                .description(
                                                        "Not available just now (a dependency is down): an RFC 9457 problem; retry")
                                                .content(problem));
                    }));
        };
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("urn:giving-stream:problem:not-an-organiser"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema());
    }
}
