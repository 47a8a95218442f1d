package dev.trajectorydatasets.adapter.mysql.shared;


import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a capability method that, called outside a unit of work, runs on a session in auto-commit: a single
 * statement (or reads that need no snapshot together), so it saves the round trips of a transaction. Every other
 * method runs in a transaction of its own. Read by {@code Transactor}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OneStatement {
}
