package io.msap.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

/** The caller's language: Simplified Chinese unless {@code Accept-Language} asks for English. */
public final class WireLocale {

    public static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

    private static final AcceptHeaderLocaleResolver RESOLVER = resolver();

    private WireLocale() {}

    public static Locale of(HttpServletRequest request) {
        return RESOLVER.resolveLocale(request);
    }

    static AcceptHeaderLocaleResolver resolver() {
        AcceptHeaderLocaleResolver resolver = new AcceptHeaderLocaleResolver();
        resolver.setSupportedLocales(List.of(CHINESE, Locale.ENGLISH));
        resolver.setDefaultLocale(CHINESE);
        return resolver;
    }
}
