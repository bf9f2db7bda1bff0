package fr.signalement.agent.core;

/** The in-JVM store used by the plain JVM sync tests behaves like the SQLite one. */
public class InMemoryLocalStoreTest extends LocalStoreContract {
    @Override
    protected LocalStore store() {
        return new InMemoryLocalStore();
    }
}
