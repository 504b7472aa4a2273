//! How a test starts its server, composed of what it needs:
//! `TestApp::new().with_config(|c| …).with_fixture().with_year().start().await`.

use super::*;

type Tweak<'a> = Box<dyn FnOnce(&mut Config) + 'a>;

/// A server still to start, with what should be ready before the first request.
#[derive(Default)]
pub struct TestAppBuilder<'a> {
    tweaks: Vec<Tweak<'a>>,
    fixture: bool,
    year: bool,
    db: Option<TestDb>,
}

/// A started server with what was asked for.
pub struct Started {
    pub t: TestApp,
    pub fixture: Option<Fixture>,
    pub year: Option<i64>,
}

impl TestApp {
    #[allow(clippy::new_ret_no_self)]
    pub fn new<'a>() -> TestAppBuilder<'a> {
        TestAppBuilder::default()
    }
}

impl<'a> TestAppBuilder<'a> {
    /// Changes the configuration before the server starts (applied in order).
    pub fn with_config(mut self, tweak: impl FnOnce(&mut Config) + 'a) -> Self {
        self.tweaks.push(Box::new(tweak));
        self
    }

    /// Runs on this database rather than a fresh one from the test engine's template.
    pub fn on_db(mut self, db: TestDb) -> Self {
        self.db = Some(db);
        self
    }

    /// The fixture organisation (see [`Fixture`]).
    pub fn with_fixture(mut self) -> Self {
        self.fixture = true;
        self
    }

    /// An evaluation year for the current year; implies the fixture.
    pub fn with_year(mut self) -> Self {
        self.fixture = true;
        self.year = true;
        self
    }

    pub async fn start(self) -> Started {
        let tweaks = self.tweaks;
        let db = match self.db {
            Some(db) => db,
            None => TestDb::new().await,
        };
        let t = TestApp::spawn_on(db, move |cfg| {
            for tweak in tweaks {
                tweak(cfg);
            }
        })
        .await;
        let fixture = match self.fixture {
            true => Some(t.load_fixture().await),
            false => None,
        };
        let year = match (self.year, &fixture) {
            (true, Some(f)) => Some(t.add_current_year(f).await),
            _ => None,
        };
        Started { t, fixture, year }
    }
}

impl Started {
    pub fn fixture(self) -> (TestApp, Fixture) {
        (self.t, self.fixture.expect("started with_fixture()"))
    }

    pub fn with_year(self) -> (TestApp, Fixture, i64) {
        let year = self.year.expect("started with_year()");
        (self.t, self.fixture.expect("started with_year()"), year)
    }
}
