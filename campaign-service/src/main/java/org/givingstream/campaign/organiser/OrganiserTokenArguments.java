package org.givingstream.campaign.organiser;

import java.util.List;
import java.util.regex.Pattern;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Gives a controller method an {@link OrganiserToken} parameter from {@code Authorization: Bearer <token>}.
 *
 * <p>Declared as the method's first parameter, it is resolved before the body: a caller without a token learns
 * that it needs one (401) before anything about its request body.
 */
@Component
public class OrganiserTokenArguments implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    static {
        // resolved here from the Authorization header, not bound from the query: not a parameter in the OpenAPI
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(OrganiserToken.class);
    }

    /** RFC 6750's token68 after the case-insensitive scheme name. */
    private static final Pattern BEARER = Pattern.compile("(?i)Bearer +([A-Za-z0-9\\-._~+/]+=*)");

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == OrganiserToken.class;
    }

    @Override
    public OrganiserToken resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        return parse(request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    /** @throws OrganiserTokenMissingException when {@code authorization} is not {@code Bearer <token68>} */
    public static OrganiserToken parse(String authorization) {
        var bearer = authorization == null ? null : BEARER.matcher(authorization.strip());
        if (bearer == null || !bearer.matches()) {
            throw new OrganiserTokenMissingException();
        }
        return new OrganiserToken(bearer.group(1));
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }
}
