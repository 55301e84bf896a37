//! Windows: WinRT toasts under our AppUserModelID.

use windows::Data::Xml::Dom::XmlDocument;
use windows::Foundation::{DateTime, IReference, PropertyValue};
use windows::UI::Notifications::{ToastNotification, ToastNotificationManager};
use windows::core::{HSTRING, Interface};

use super::{DEFAULT_TIMEOUT, time_left};
use crate::app::Millis;
use crate::app_id::APP_USER_MODEL_ID;

const TAG: &str = "code";
const GROUP: &str = "trayotp";

pub struct Backend {
    title: String,
}

pub struct Failed;

impl From<windows::core::Error> for Failed {
    fn from(_: windows::core::Error) -> Self {
        Failed
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A WinRT DateTime (100 ns ticks since 1601) `after` from now.
fn expiry(after: std::time::Duration) -> Result<IReference<DateTime>, Failed> {
    const UNIX_EPOCH_IN_TICKS: i64 = 116_444_736_000_000_000;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| Failed)?;
    let ticks = UNIX_EPOCH_IN_TICKS + ((now + after).as_nanos() / 100) as i64;
    Ok(PropertyValue::CreateDateTime(DateTime { UniversalTime: ticks })?.cast()?)
}

impl Backend {
    pub fn new(title: String) -> Self {
        Self { title }
    }

    pub fn show(&mut self, body: &str, expires_at: Option<Millis>) -> Result<(), Failed> {
        let xml = XmlDocument::new()?;
        xml.LoadXml(&HSTRING::from(format!(
            r#"<toast><visual><binding template="ToastGeneric"><text>{}</text><text>{}</text></binding></visual></toast>"#,
            escape(&self.title),
            escape(body)
        )))?;
        let toast = ToastNotification::CreateToastNotification(&xml)?;
        toast.SetTag(&HSTRING::from(TAG))?;
        toast.SetGroup(&HSTRING::from(GROUP))?;
        toast.SetExpirationTime(&expiry(time_left(expires_at).unwrap_or(DEFAULT_TIMEOUT))?)?;
        ToastNotificationManager::CreateToastNotifierWithId(&HSTRING::from(APP_USER_MODEL_ID))?.Show(&toast)?;
        Ok(())
    }

    pub fn close(&mut self) -> Result<(), Failed> {
        ToastNotificationManager::History()?.RemoveGroupedTagWithId(
            &HSTRING::from(TAG),
            &HSTRING::from(GROUP),
            &HSTRING::from(APP_USER_MODEL_ID),
        )?;
        Ok(())
    }
}
