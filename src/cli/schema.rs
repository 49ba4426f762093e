//! `fleetform schema`: the JSON Schema of a blueprint file, for editors and other tools.

use super::Status;

pub fn run() -> Status {
    print!("{}", fleetform::check::SCHEMA);
    Status::Ok
}
