package org.givingstream.notification.mail;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.thymeleaf.spring6.templateresolver.SpringResourceTemplateResolver;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ITemplateResolver;

/**
 * Plain-text email templates ({@code templates/mail/*.txt}) in Thymeleaf's TEXT mode, next to Boot's HTML
 * resolver, which still serves {@code templates/mail/*.html}. Boot adds every resolver bean to its template engine.
 */
@Configuration(proxyBeanMethods = false)
class MailTemplates {

    @Bean
    ITemplateResolver plainTextMailTemplates() {
        SpringResourceTemplateResolver resolver = new SpringResourceTemplateResolver();
        resolver.setPrefix("classpath:/templates/");
        resolver.setResolvablePatterns(Set.of("mail/*.txt"));
        resolver.setTemplateMode(TemplateMode.TEXT);
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resolver.setCheckExistence(true);
        resolver.setOrder(0); // before Boot's HTML resolver, which would look for mail/receipt.txt.html
        return resolver;
    }
}
