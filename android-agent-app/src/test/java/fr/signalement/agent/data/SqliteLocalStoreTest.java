package fr.signalement.agent.data;

import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;

import fr.signalement.agent.core.LocalStore;
import fr.signalement.agent.core.LocalStoreContract;

/** The device store (android.database.sqlite, under Robolectric) honours the LocalStore contract. */
@RunWith(RobolectricTestRunner.class)
public class SqliteLocalStoreTest extends LocalStoreContract {
    @Override
    protected LocalStore store() {
        return new SqliteLocalStore(RuntimeEnvironment.getApplication());
    }
}
