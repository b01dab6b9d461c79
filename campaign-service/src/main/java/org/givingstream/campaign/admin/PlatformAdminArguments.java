package org.givingstream.campaign.admin;

import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Resolves a {@link PlatformAdmin} parameter from {@code Authorization: Bearer <campaigns.admin.token>}. */
@Component
class PlatformAdminArguments implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    static {
        // resolved here from the Authorization header, not bound from the query: not a parameter in the OpenAPI
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(PlatformAdmin.class);
    }

    private static final PlatformAdmin ADMIN = new PlatformAdmin();

    private final AdminCredential credential;

    PlatformAdminArguments(AdminCredential credential) {
        this.credential = credential;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == PlatformAdmin.class;
    }

    @Override
    public PlatformAdmin resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer mavContainer,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        credential.require(request.getHeader(HttpHeaders.AUTHORIZATION));
        return ADMIN;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }
}
