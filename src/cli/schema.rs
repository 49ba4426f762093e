//! `fleetform schema`: the JSON Schema of a blueprint file, for editors and other tools.

use super::Status;

pub fn run() -> Status {
    super::stdout_text(fleetform::check::SCHEMA);
    Status::Ok
}
