from . import open311
from . import webhook
