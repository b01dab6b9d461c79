package org.givingstream.testinfra;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that runs on {@link Infrastructure#shared()}. When containers are requested and no Docker engine
 * is reachable, the test is skipped with that reason instead of failing.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(RealInfrastructureCondition.class)
public @interface RealInfrastructure {}
