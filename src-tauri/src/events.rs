//! Every event the shell sends to the window: its name and its payload type, in one place.
//! The UI gets both from the generated bindings (`EVENTS`, `EventPayloads` in `app.ts`) and
//! listens through `ui/src/lib/api.ts`, so a name or a payload cannot drift between the two.

use std::marker::PhantomData;

use postdesk_core::media::ImportProgress;
use postdesk_core::watch::Change;
use serde::Serialize;
use tauri::{Emitter, Runtime};

/// An event the shell emits, typed by its payload: `GIT_PROGRESS.emit(&app, line)`.
pub struct Event<P> {
    pub name: &'static str,
    payload: PhantomData<fn(P)>,
}

impl<P: Serialize + Clone> Event<P> {
    const fn new(name: &'static str) -> Self {
        Event {
            name,
            payload: PhantomData,
        }
    }

    /// Sends the event to every window. Events are notifications: a window that is gone or
    /// not listening is no error, so a failure to send is ignored.
    pub fn emit<R: Runtime>(&self, emitter: &impl Emitter<R>, payload: P) {
        let _ = emitter.emit(self.name, payload);
    }
}

macro_rules! events {
    ($($(#[doc = $doc:literal])* $konst:ident = $name:literal: $payload:ty;)*) => {
        $(
            $(#[doc = $doc])*
            pub const $konst: Event<$payload> = Event::new($name);
        )*

        /// The TypeScript of the events: their names (`EVENTS`, `EventName`) and the payload
        /// of each (`EventPayloads`).
        pub fn typescript(cfg: &ts_rs::Config) -> String {
            let mut names = String::new();
            let mut payloads = String::new();
            $(
                let doc = concat!($($doc, "\n"),*);
                let doc = doc.lines().map(str::trim).collect::<Vec<_>>().join(" ");
                names.push_str(&format!("  /** {} */\n  {}: \"{}\",\n", doc, stringify!($konst), $name));
                payloads.push_str(&format!(
                    "  \"{}\": {},\n",
                    $name,
                    <$payload as ts_rs::TS>::name(cfg)
                ));
            )*
            format!(
                "\n/** The names of the events the shell emits. */\n\
                 export const EVENTS = {{\n{names}}} as const;\n\
                 \nexport type EventName = (typeof EVENTS)[keyof typeof EVENTS];\n\
                 \n/** The payload each event carries. */\n\
                 export type EventPayloads = {{\n{payloads}}};\n"
            )
        }
    };
}

events! {
    /// Files of the open blog changed outside the app (the watcher's batch of changes).
    BLOG_CHANGED = "blog-changed": Vec<Change>;
    /// A progress line of a push, pull or fetch, as Git prints it.
    GIT_PROGRESS = "git-progress": String;
    /// One file of a batch of imported images finished.
    IMPORT_PROGRESS = "import-progress": ImportProgress;
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_and_payloads_reach_typescript() {
        let ts = super::typescript(&ts_rs::Config::new());
        assert!(ts.contains("  BLOG_CHANGED: \"blog-changed\",\n"), "{ts}");
        assert!(ts.contains("  \"blog-changed\": Array<Change>,\n"), "{ts}");
        assert!(ts.contains("  \"git-progress\": string,\n"), "{ts}");
        assert!(
            ts.contains("  \"import-progress\": ImportProgress,\n"),
            "{ts}"
        );
    }
}
