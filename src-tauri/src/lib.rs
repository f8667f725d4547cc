//! Postdesk's desktop shell: a Tauri window over `postdesk-core`. It holds no logic of its
//! own: commands parse arguments, call the core and map errors to `{kind, message}`.

use std::path::PathBuf;

use tauri::{Builder, Manager, Runtime};

pub mod bindings;
pub mod commands;
mod demo;
pub mod error;
pub mod events;
pub mod protocol;
pub mod state;

use state::AppState;

/// Registers plugins, commands and the image scheme. Shared by `run` and the tests.
pub fn builder<R: Runtime>(b: Builder<R>) -> Builder<R> {
    b.plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .register_asynchronous_uri_scheme_protocol(protocol::SCHEME, protocol::handle)
        .manage(commands::media::ImportCancel::default())
        .invoke_handler(tauri::generate_handler![
            commands::startup,
            commands::choose_blog,
            commands::open_blog,
            commands::recent_blogs,
            commands::list_posts,
            commands::load_post,
            commands::save_post,
            commands::journal_record,
            commands::journal_pending,
            commands::journal_discard,
            commands::preview::render_preview,
            commands::preview::preview_delta,
            commands::preview::preview_edit,
            commands::preview::preview_css,
            commands::frontmatter::schema,
            commands::frontmatter::fm_view,
            commands::frontmatter::fm_set,
            commands::frontmatter::fm_set_raw,
            commands::frontmatter::fm_unset,
            commands::frontmatter::fm_set_source,
            commands::newpost::plan_post,
            commands::newpost::create_post,
            commands::newpost::publish_draft,
            commands::media::import_images,
            commands::media::cancel_import,
            commands::media::import_pasted,
            commands::check::check_post,
            commands::git::git_status,
            commands::git::git_commit,
            commands::git::git_push,
            commands::git::git_pull,
            commands::git::git_fetch,
            commands::git::open_external,
            commands::git::git_identity,
            commands::git::git_set_identity,
            commands::git::git_branches,
            commands::git::review_merge_base,
            commands::git::review_posts,
            commands::git::review_render,
            commands::git::review_diff,
            commands::merge::merge_state,
            commands::merge::merge_resolve,
            commands::merge::merge_take,
            commands::merge::merge_finish,
            commands::merge::merge_abort,
            commands::merge::base_status,
            commands::merge::update_from_base,
            commands::site::site_start,
            commands::site::site_trust,
            commands::site::site_status,
            commands::site::site_log,
            commands::site::site_page,
            commands::site::site_stop,
        ])
}

/// The blog named on the command line (`postdesk-app PATH`), if any.
fn initial_blog() -> Option<PathBuf> {
    std::env::args_os()
        .skip(1)
        .find(|a| !a.to_string_lossy().starts_with('-'))
        .map(PathBuf::from)
}

pub fn run() {
    builder(tauri::Builder::default())
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            app.manage(AppState::new(data_dir, initial_blog()));
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("error while running Postdesk")
        .run(|app, event| {
            // The Site tab's servers end with the app (a kill is the watchdog's: sitepreview).
            if let tauri::RunEvent::Exit = event {
                if let Some(state) = app.try_state::<AppState>() {
                    state.site.stop_all();
                }
            }
        });
}
